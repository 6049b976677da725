package com.meter.siem.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.meter.siem.health.AlertMessage;
import com.meter.siem.health.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.model.PublishRequest;

class SnsAlertPublisherTest {
    private static final AlertMessage MESSAGE = new AlertMessage("CRITICAL FAILING: X on s (1 r)", "plain text",
            "{\"version\":\"1.0\"}", Severity.CRITICAL, "FAILING", "s", List.of("X", "Y"), "meter-siem:1:r:s:X");

    @Test
    void request_whenChatNotificationsOn_sendsChatbotJsonByDefaultAndPlainTextToEmail() throws Exception {
        PublishRequest request = new SnsAlertPublisher(null, "arn:topic", true).request(MESSAGE);

        assertEquals("json", request.messageStructure());
        JsonNode perProtocol = new ObjectMapper().readTree(request.message());
        assertEquals("{\"version\":\"1.0\"}", perProtocol.get("default").asText());
        assertEquals("plain text", perProtocol.get("email").asText());
        assertEquals("CRITICAL FAILING: X on s (1 r)", perProtocol.get("sms").asText());
    }

    @Test
    void request_whenChatNotificationsOff_sendsPlainTextWithFilterableAttributes() {
        PublishRequest request = new SnsAlertPublisher(null, "arn:topic", false).request(MESSAGE);

        assertNull(request.messageStructure());
        assertEquals("plain text", request.message());
        assertEquals("CRITICAL", request.messageAttributes().get("severity").stringValue());
        assertEquals("String.Array", request.messageAttributes().get("check").dataType());
        assertEquals("[\"X\",\"Y\"]", request.messageAttributes().get("check").stringValue());
        assertEquals("FAILING", request.messageAttributes().get("state").stringValue());
    }
}
