package com.meter.siem.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.meter.siem.health.AlertMessage;
import com.meter.siem.health.AlertPublisher;
import java.util.Map;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * {@link AlertPublisher} on SNS. With chat notifications on, the message is published per protocol:
 * AWS Chatbot (and every protocol but email) receives the custom-notification JSON it requires, email
 * subscribers the plain text. Attributes let subscription filter policies route by severity, check,
 * stream and state.
 */
public final class SnsAlertPublisher implements AlertPublisher {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SnsClient sns;
    private final String topicArn;
    private final boolean chatNotifications;

    public SnsAlertPublisher(SnsClient sns, String topicArn, boolean chatNotifications) {
        this.sns = sns;
        this.topicArn = topicArn;
        this.chatNotifications = chatNotifications;
    }

    @Override
    public void publish(AlertMessage message) {
        sns.publish(request(message));
    }

    PublishRequest request(AlertMessage message) {
        PublishRequest.Builder request = PublishRequest.builder()
                .topicArn(topicArn)
                .subject(message.subject())
                .messageAttributes(Map.of(
                        "severity", text(message.severity().name()),
                        "state", text(message.state()),
                        "stream", text(message.streamName()),
                        "dedupKey", text(message.dedupKey()),
                        "check", MessageAttributeValue.builder().dataType("String.Array")
                                .stringValue(JSON.valueToTree(message.checks()).toString()).build()));
        if (!chatNotifications) {
            return request.message(message.text()).build();
        }
        ObjectNode perProtocol = JSON.createObjectNode()
                .put("default", message.chatNotification())
                .put("email", message.text())
                .put("sms", message.subject());
        return request.messageStructure("json").message(perProtocol.toString()).build();
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
