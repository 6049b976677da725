package com.meter.siem.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.meter.siem.health.AlertState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;

/** BatchGetItem's UnprocessedKeys, which moto never returns: asked again after a growing pause, a bounded number of times. */
class DynamoDbAlertStoreTest {
    private static final String TABLE = "alert-state";
    private static final BackoffStrategy BACKOFF =
            BackoffStrategy.exponentialDelayWithoutJitter(Duration.ofMillis(50), Duration.ofSeconds(1));

    private final List<Duration> pauses = new ArrayList<>();

    @Test
    void load_whenKeysComeBackUnprocessed_asksAgainAfterGrowingPauses() {
        UnprocessingDynamoDb dynamoDb = new UnprocessingDynamoDb(2);

        Map<String, AlertState> states = store(dynamoDb).load(List.of("a", "b"));

        assertEquals(List.of("a", "b"), states.keySet().stream().sorted().toList());
        assertEquals(3, dynamoDb.calls);
        assertEquals(List.of(Duration.ofMillis(50), Duration.ofMillis(100)), pauses);
    }

    @Test
    void load_whenKeysStayUnprocessed_givesUpAfterTheLastAttemptNamingTheTable() {
        UnprocessingDynamoDb dynamoDb = new UnprocessingDynamoDb(Integer.MAX_VALUE);

        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> store(dynamoDb).load(List.of("a", "b")));

        assertEquals(DynamoDbAlertStore.MAX_BATCH_ATTEMPTS, dynamoDb.calls);
        assertEquals(DynamoDbAlertStore.MAX_BATCH_ATTEMPTS - 1, pauses.size());
        assertEquals(Duration.ofSeconds(1), pauses.getLast(), "capped");
        assertTrue(failure.getMessage().startsWith("DynamoDB table alert-state left 2 alert states unread after 8"),
                failure.getMessage());
    }

    @Test
    void load_whenEveryKeyProcessed_neverPauses() {
        UnprocessingDynamoDb dynamoDb = new UnprocessingDynamoDb(0);

        store(dynamoDb).load(List.of("a"));

        assertEquals(1, dynamoDb.calls);
        assertEquals(List.of(), pauses);
    }

    private DynamoDbAlertStore store(DynamoDbClient dynamoDb) {
        return new DynamoDbAlertStore(dynamoDb, TABLE, BACKOFF, pauses::add);
    }

    /** Leaves every key unprocessed for its first {@code unprocessedAnswers} answers, as a table out of capacity does. */
    private static final class UnprocessingDynamoDb implements DynamoDbClient {
        private final int unprocessedAnswers;
        int calls;

        UnprocessingDynamoDb(int unprocessedAnswers) {
            this.unprocessedAnswers = unprocessedAnswers;
        }

        @Override
        public BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
            calls++;
            if (calls > 100) {
                throw new AssertionError("asked " + calls + " times: the retries are not bounded");
            }
            if (calls <= unprocessedAnswers) {
                return BatchGetItemResponse.builder().responses(Map.of()).unprocessedKeys(request.requestItems()).build();
            }
            List<Map<String, AttributeValue>> items = request.requestItems().get(TABLE).keys().stream()
                    .map(key -> item(key.get("AlertKey").s())).toList();
            return BatchGetItemResponse.builder().responses(Map.of(TABLE, items)).unprocessedKeys(Map.of()).build();
        }

        private static Map<String, AttributeValue> item(String key) {
            return Map.of("AlertKey", AttributeValue.fromS(key), "Status", AttributeValue.fromS("FAILING"),
                    "Severity", AttributeValue.fromS("CRITICAL"), "Since", AttributeValue.fromS("2026-01-01T00:00:00Z"),
                    "LastNotified", AttributeValue.fromS("2026-01-01T00:00:00Z"), "Version", AttributeValue.fromN("1"));
        }

        @Override
        public String serviceName() {
            return "dynamodb";
        }

        @Override
        public void close() {
        }
    }
}
