package com.meter.siem.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.meter.siem.aws.AwsClients;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * What the template creates for alerts (the state table and the topic), plus an SQS queue subscribed
 * to the topic, which reads what on-call would receive.
 */
public final class AlertChannel {
    public static final String TABLE = "meter-siem-alert-state";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SqsClient sqs;
    private final String topicArn;
    private final String queueUrl;

    public AlertChannel(AwsClients aws) {
        sqs = SqsClient.builder().region(aws.region()).httpClient(UrlConnectionHttpClient.create()).build();
        aws.dynamoDb().createTable(r -> r.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("AlertKey").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("AlertKey").keyType(KeyType.HASH)));
        topicArn = aws.sns().createTopic(r -> r.name("meter-siem-alerts")).topicArn();
        queueUrl = sqs.createQueue(r -> r.queueName("on-call")).queueUrl();
        String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNamesWithStrings("QueueArn"))
                .attributesAsStrings().get("QueueArn");
        aws.sns().subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(queueArn));
    }

    public String topicArn() {
        return topicArn;
    }

    /** The SNS envelopes that reached the queue since the last call; none may hold a secret. */
    public List<JsonNode> received() {
        List<JsonNode> envelopes = new ArrayList<>();
        List<Message> batch;
        do {
            batch = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0)).messages();
            for (Message message : batch) {
                Secrets.assertAbsentIn(message.body(), "an alert");
                try {
                    envelopes.add(JSON.readTree(message.body()));
                } catch (Exception e) {
                    throw new AssertionError("an SNS envelope that is not JSON", e);
                }
                sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        } while (!batch.isEmpty());
        return envelopes;
    }
}
