package com.meter.siem.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Kinesis rules that moto 5.2 does not enforce, checked by {@link FaultProxy} before a call reaches moto,
 * as the Kinesis API reference states them:
 * <ul>
 *   <li>UpdateShardCount: at most double, and no less than half, the open shard count in one call; at
 *       most 10,000 shards; ten calls per stream in any 24 hours, counted on a clock the test controls.</li>
 *   <li>The account's shard quota in the region (500 by default, as in us-east-1): a scale-up that would
 *       open more is refused, and DescribeLimits reports the quota and the shards really open, where moto
 *       reports a fixed 6,000 and none.</li>
 *   <li>DeleteStream: refused with ResourceInUseException while consumers are registered, unless
 *       EnforceConsumerDeletion is true.</li>
 * </ul>
 */
final class KinesisRules {
    static final int SCALINGS_PER_DAY = 10;
    private static final int MAX_SHARDS_PER_STREAM = 10_000;
    private static final Duration WINDOW = Duration.ofHours(24);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A Kinesis call on moto, answering its JSON body, or null when moto refused it. */
    interface Moto {
        JsonNode call(String operation, ObjectNode body) throws IOException;
    }

    private final Clock clock;
    /** Accepted UpdateShardCount calls per stream name. */
    private final Map<String, List<Instant>> scalings = new HashMap<>();
    private int shardQuota = 500;

    KinesisRules(Clock clock) {
        this.clock = clock;
    }

    synchronized void shardQuota(int limit) {
        shardQuota = limit;
    }

    /** @return the answer to a call Kinesis answers otherwise than moto, or null when moto's answer stands */
    synchronized JsonNode answer(String operation, Moto moto) throws IOException {
        if (!operation.equals("DescribeLimits")) {
            return null;
        }
        return JSON.createObjectNode().put("ShardLimit", shardQuota).put("OpenShardCount", openShards(moto))
                .put("OnDemandStreamCount", 0).put("OnDemandStreamCountLimit", 50);
    }

    /** @return AWS's refusal of the call, or null when the call goes on to moto */
    synchronized FaultProxy.Refusal check(String operation, byte[] requestBody, Moto moto) throws IOException {
        return switch (operation) {
            case "UpdateShardCount" -> checkScaling(JSON.readTree(requestBody), moto);
            case "DeleteStream" -> checkDeletion(JSON.readTree(requestBody), moto);
            default -> null;
        };
    }

    private FaultProxy.Refusal checkScaling(JsonNode request, Moto moto) throws IOException {
        JsonNode summary = summary(request, moto);
        if (summary == null) {
            return null; // moto answers ResourceNotFoundException itself
        }
        String stream = summary.path("StreamName").asText();
        int open = summary.path("OpenShardCount").asInt();
        int target = request.path("TargetShardCount").asInt();
        if (target > open * 2) {
            return invalid("scale up over double your current open shard count", open, target);
        }
        if (target * 2 < open) {
            return invalid("scale down below half your current open shard count", open, target);
        }
        if (target > MAX_SHARDS_PER_STREAM) {
            return invalid("scale a stream over " + MAX_SHARDS_PER_STREAM + " shards", open, target);
        }
        if (target > open && openShards(moto) + target - open > shardQuota) {
            return new FaultProxy.Refusal("LimitExceededException", ("This request would exceed the shard limit for"
                    + " the account %s. Current shard limit for account %s is %d.").formatted(account(summary),
                    account(summary), shardQuota));
        }
        Instant now = clock.instant();
        List<Instant> calls = scalings.computeIfAbsent(stream, name -> new ArrayList<>());
        calls.removeIf(call -> !call.isAfter(now.minus(WINDOW)));
        if (calls.size() >= SCALINGS_PER_DAY) {
            return new FaultProxy.Refusal("LimitExceededException", ("Stream %s under account %s has exceeded its"
                    + " limit of %d UpdateShardCount calls in a rolling 24-hour period").formatted(stream,
                    account(summary), SCALINGS_PER_DAY));
        }
        calls.add(now);
        return null;
    }

    private FaultProxy.Refusal checkDeletion(JsonNode request, Moto moto) throws IOException {
        if (request.path("EnforceConsumerDeletion").asBoolean(false)) {
            return null;
        }
        JsonNode summary = summary(request, moto);
        if (summary == null) {
            return null;
        }
        ObjectNode list = JSON.createObjectNode().put("StreamARN", summary.path("StreamARN").asText());
        JsonNode consumers = moto.call("ListStreamConsumers", list);
        if (consumers == null || consumers.path("Consumers").isEmpty()) {
            return null;
        }
        return new FaultProxy.Refusal("ResourceInUseException", ("Stream %s under account %s has registered"
                + " consumers; set EnforceConsumerDeletion to delete them with the stream").formatted(
                summary.path("StreamName").asText(), account(summary)));
    }

    private static int openShards(Moto moto) throws IOException {
        int open = 0;
        JsonNode streams = moto.call("ListStreams", JSON.createObjectNode());
        for (JsonNode name : streams == null ? JSON.createArrayNode() : streams.path("StreamNames")) {
            JsonNode summary = summary(JSON.createObjectNode().put("StreamName", name.asText()), moto);
            open += summary == null ? 0 : summary.path("OpenShardCount").asInt();
        }
        return open;
    }

    private static JsonNode summary(JsonNode request, Moto moto) throws IOException {
        ObjectNode describe = JSON.createObjectNode();
        for (String field : List.of("StreamName", "StreamARN")) {
            if (request.hasNonNull(field)) {
                describe.put(field, request.get(field).asText());
            }
        }
        JsonNode answer = moto.call("DescribeStreamSummary", describe);
        return answer == null ? null : answer.path("StreamDescriptionSummary");
    }

    private static FaultProxy.Refusal invalid(String what, int open, int target) {
        return new FaultProxy.Refusal("InvalidArgumentException", ("UpdateShardCount cannot %s. Current open shard"
                + " count: %d Target shard count: %d").formatted(what, open, target));
    }

    private static String account(JsonNode summary) {
        String[] arn = summary.path("StreamARN").asText().split(":");
        return arn.length > 4 ? arn[4] : "";
    }
}
