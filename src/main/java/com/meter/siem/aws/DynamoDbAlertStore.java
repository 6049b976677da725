package com.meter.siem.aws;

import com.meter.siem.health.AlertState;
import com.meter.siem.health.AlertStore;
import com.meter.siem.health.CheckStatus;
import com.meter.siem.health.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * {@link AlertStore} on a DynamoDB table keyed by AlertKey. Every write is conditional on the version
 * read, so of two overlapping runs exactly one moves a state on, and only that one alerts. Each write
 * carries a random Writer token, so a run can tell its own write from another run's.
 */
public final class DynamoDbAlertStore implements AlertStore {
    private static final int KEYS_PER_BATCH = 100;
    /** Resolved states are kept a while for the record, then expire through the table's TTL. */
    private static final Duration KEEP_RESOLVED = Duration.ofDays(30);
    /**
     * DynamoDB leaves keys unprocessed when the table's capacity is exceeded, and asks for exponential
     * backoff before they are asked again; at most about 3.5 s of pauses in all, well inside the run's minute.
     */
    static final BackoffStrategy UNPROCESSED_BACKOFF =
            BackoffStrategy.exponentialDelayHalfJitter(Duration.ofMillis(50), Duration.ofSeconds(1));
    static final int MAX_BATCH_ATTEMPTS = 8;

    /** Waits between attempts; the tests pass one that records instead of sleeping. */
    @FunctionalInterface
    interface Pause {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final BackoffStrategy backoff;
    private final Pause pause;

    public DynamoDbAlertStore(DynamoDbClient dynamoDb, String table) {
        this(dynamoDb, table, UNPROCESSED_BACKOFF, Thread::sleep);
    }

    DynamoDbAlertStore(DynamoDbClient dynamoDb, String table, BackoffStrategy backoff, Pause pause) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.backoff = backoff;
        this.pause = pause;
    }

    @Override
    public Map<String, AlertState> load(Collection<String> keys) {
        Map<String, AlertState> states = new HashMap<>();
        List<String> unique = new ArrayList<>(new LinkedHashSet<>(keys));
        for (int from = 0; from < unique.size(); from += KEYS_PER_BATCH) {
            List<Map<String, AttributeValue>> batch = unique.subList(from, Math.min(unique.size(), from + KEYS_PER_BATCH))
                    .stream().map(key -> Map.of("AlertKey", AttributeValue.fromS(key))).toList();
            Map<String, KeysAndAttributes> request = Map.of(table,
                    KeysAndAttributes.builder().keys(batch).consistentRead(true).build());
            for (int attempt = 1; !request.isEmpty(); attempt++) {
                if (attempt > 1) {
                    pauseBefore(attempt, request);
                }
                Map<String, KeysAndAttributes> ask = request;
                BatchGetItemResponse response = dynamoDb.batchGetItem(r -> r.requestItems(ask));
                response.responses().getOrDefault(table, List.of()).forEach(item -> {
                    AlertState state = fromItem(item);
                    states.put(state.key(), state);
                });
                request = response.unprocessedKeys();
            }
        }
        return states;
    }

    private void pauseBefore(int attempt, Map<String, KeysAndAttributes> unprocessed) {
        if (attempt > MAX_BATCH_ATTEMPTS) {
            throw new IllegalStateException("DynamoDB table %s left %d alert states unread after %d BatchGetItem"
                    .formatted(table, unprocessed.get(table).keys().size(), MAX_BATCH_ATTEMPTS)
                    + " attempts: its capacity is exhausted; the next run reads them again");
        }
        try {
            pause.sleep(backoff.computeDelay(attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to read alert states again", e);
        }
    }

    @Override
    public boolean replace(AlertState previous, AlertState next) {
        Map<String, AttributeValue> item = toItem(next);
        String writer = UUID.randomUUID().toString();
        item.put("Writer", AttributeValue.fromS(writer));
        try {
            dynamoDb.putItem(r -> {
                r.tableName(table).item(item);
                if (previous == null) {
                    r.conditionExpression("attribute_not_exists(AlertKey)");
                } else {
                    r.conditionExpression("Version = :version").expressionAttributeValues(version(previous));
                }
            });
            return true;
        } catch (ConditionalCheckFailedException conflict) {
            // Another run won, or this very write took effect and its answer was lost, so that the SDK's
            // retry failed on the version it had just written. Only the first is a loss; in the second, an
            // alert nobody would send again for hours hangs on this answer.
            return writtenBy(next.key(), writer);
        }
    }

    @Override
    public void restore(AlertState claimed, AlertState previous) {
        try {
            if (previous == null) {
                dynamoDb.deleteItem(r -> r.tableName(table).key(Map.of("AlertKey", AttributeValue.fromS(claimed.key())))
                        .conditionExpression("Version = :version").expressionAttributeValues(version(claimed)));
            } else {
                dynamoDb.putItem(r -> r.tableName(table).item(toItem(previous))
                        .conditionExpression("Version = :version").expressionAttributeValues(version(claimed)));
            }
        } catch (ConditionalCheckFailedException movedOn) {
            // A later run has already moved this state on, and alerted from it.
        }
    }

    private static Map<String, AttributeValue> version(AlertState state) {
        return Map.of(":version", AttributeValue.fromN(Long.toString(state.version())));
    }

    private static Map<String, AttributeValue> toItem(AlertState state) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("AlertKey", AttributeValue.fromS(state.key()));
        item.put("Status", AttributeValue.fromS(state.status().name()));
        item.put("Severity", AttributeValue.fromS(state.severity().name()));
        item.put("Since", AttributeValue.fromS(state.since().toString()));
        item.put("LastNotified", AttributeValue.fromS(state.lastNotified().toString()));
        item.put("Version", AttributeValue.fromN(Long.toString(state.version())));
        if (state.status() == CheckStatus.OK) {
            item.put("ExpiresAt", AttributeValue.fromN(Long.toString(state.since().plus(KEEP_RESOLVED).getEpochSecond())));
        }
        return item;
    }

    private boolean writtenBy(String key, String writer) {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(table)
                .key(Map.of("AlertKey", AttributeValue.fromS(key))).consistentRead(true)).item();
        return item != null && item.containsKey("Writer") && writer.equals(item.get("Writer").s());
    }

    private static AlertState fromItem(Map<String, AttributeValue> item) {
        return new AlertState(item.get("AlertKey").s(), CheckStatus.valueOf(item.get("Status").s()),
                Severity.valueOf(item.get("Severity").s()), Instant.parse(item.get("Since").s()),
                Instant.parse(item.get("LastNotified").s()), Long.parseLong(item.get("Version").n()));
    }
}
