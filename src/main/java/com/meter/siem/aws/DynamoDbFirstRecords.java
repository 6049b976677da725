package com.meter.siem.aws;

import com.meter.siem.health.FirstRecordLog;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * {@link FirstRecordLog} in the alert state table: one item a stream, without the ExpiresAt that lets
 * resolved alert states expire, so that it is kept as long as the stack.
 */
public final class DynamoDbFirstRecords implements FirstRecordLog {
    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbFirstRecords(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public Optional<Instant> firstRecord(String key) {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(table)
                .key(Map.of("AlertKey", AttributeValue.fromS(key))).consistentRead(true)).item();
        return item == null || !item.containsKey("FirstRecord") ? Optional.empty()
                : Optional.of(Instant.parse(item.get("FirstRecord").s()));
    }

    @Override
    public void remember(String key, Instant at) {
        try {
            dynamoDb.putItem(r -> r.tableName(table).item(Map.of("AlertKey", AttributeValue.fromS(key),
                    "FirstRecord", AttributeValue.fromS(at.toString()))).conditionExpression("attribute_not_exists(AlertKey)"));
        } catch (ConditionalCheckFailedException alreadyRemembered) {
            // An overlapping run remembered it first: the state we want.
        }
    }
}
