package com.meter.siem.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.meter.siem.aws.AwsClients;
import com.meter.siem.aws.KinesisStreams;
import com.meter.siem.testing.Events;
import com.meter.siem.testing.FaultProxy;
import com.meter.siem.testing.MotoExtension;
import com.meter.siem.testing.MotoServer;
import com.meter.siem.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ScalingType;

/**
 * The stream's provisioning under Kinesis's documented limits, which moto does not enforce and the
 * {@link FaultProxy} in front of it does: UpdateShardCount's double-or-half per call, ten calls per
 * stream in any 24 hours (on a clock the test moves) and the account's shard quota, DeleteStream's
 * refusal while a consumer is registered, and ListTagsForStream's pages. CloudFormation's rollback of an
 * Update is the Update with old and new properties swapped.
 */
@ExtendWith(MotoExtension.class)
class KinesisLimitsIT {
    private static final String STREAM = "meter-siem-events";

    private final Harness aws = new Harness();
    private final MutableClock clock = new MutableClock(Instant.now());
    private final FaultProxy proxy = new FaultProxy(MotoServer.endpoint(), clock);
    private final AwsClients proxied = aws.clients.withEndpoint(proxy.endpoint());
    /** Someone else's client: the console, a script, an autoscaler. */
    private final KinesisClient someoneElse = proxied.kinesis();

    @BeforeEach
    void sendTheStreamCallsThroughTheProxy() {
        aws.streamGateway = new KinesisStreams(proxied.kinesis(), Duration.ofSeconds(10), Duration.ofMillis(50));
    }

    @AfterEach
    void close() {
        proxy.close();
        aws.close();
    }

    @Test
    void update_whenTheShardCountCannotBeReachedInADay_refusesBeforeAnyCallSayingWhatFits() {
        assertSuccess(aws.invoke(Harness.create()));

        JsonNode response = aws.invoke(update(1, 2048));

        assertRefusedBeforeAnyCall(response, "Update failed at step 'plan the shard-count change on stream"
                + " meter-siem-events': KinesisShardCount: going from 1 to 2048 shards on stream meter-siem-events"
                + " takes 11 UpdateShardCount calls, and undoing it if the stack rolls back 11 more; Kinesis allows 10"
                + " per stream in any 24 hours, and this stack made 0 of them in the last 24 hours. Now the stream can"
                + " go to at most 32 shards; go on from there in steps a day apart, each no larger than its calls"
                + " there and back allow.");
        assertSuccess(aws.invoke(update(2048, 1)));
    }

    @Test
    void update_whenThisStackScaledEarlierTheSameDay_countsThoseCallsAndSaysWhenTheRestFits() {
        assertSuccess(aws.invoke(Harness.create()));
        assertSuccess(aws.invoke(update(1, 32)));
        int callsBefore = scalingCalls();

        JsonNode response = aws.invoke(update(32, 1024));

        assertEquals("FAILED", response.get("Status").asText());
        String reason = response.get("Reason").asText();
        assertTrue(reason.contains("this stack made 5 of them in the last 24 hours. Now the stream can go to at most"
                + " 128 shards; the whole change fits from 20"), reason);
        assertEquals(callsBefore, scalingCalls(), "no call was made");
        assertEquals(32, aws.stream(STREAM).openShardCount());
        assertSuccess(aws.invoke(update(1024, 32)));
        assertEquals(32, aws.stream(STREAM).openShardCount());
    }

    @Test
    void update_whenAScaleUpWouldPassTheAccountsShardQuota_refusesBeforeAnyCall() {
        proxy.kinesisShardQuota(10);
        assertSuccess(aws.invoke(Harness.create()));

        JsonNode response = aws.invoke(update(1, 16));

        assertRefusedBeforeAnyCall(response, "Update failed at step 'read the account's shard quota':"
                + " KinesisShardCount: going from 1 to 16 shards on stream meter-siem-events opens 15 more shards, and"
                + " the account's Kinesis shard quota in this region is 10 with 1 open. Set KinesisShardCount to at"
                + " most 10, or request a shard quota increase in Service Quotas first.");
    }

    /**
     * An Update from 1 to 8 shards (three calls, three more to undo), then CloudFormation's rollback, after
     * someone else made some of the day's ten calls. Whatever is left, the rollback never fails: it scales
     * back as far as Kinesis allows and keeps the count it reaches.
     */
    @ParameterizedTest(name = "{0} calls made elsewhere: Update {1} at {2} shards, rollback at {3}")
    @CsvSource({"0, SUCCESS, 8, 1", "6, SUCCESS, 8, 4", "8, FAILED, 4, 4", "10, FAILED, 1, 1"})
    void rollback_whenTheDaysCallsRunOut_neverFails(int callsElsewhere, String updateStatus, int afterUpdate,
                                                    int afterRollback) {
        assertSuccess(aws.invoke(Harness.create()));
        for (int call = 0; call < callsElsewhere; call++) {
            int target = call % 2 == 0 ? 2 : 1;
            someoneElse.updateShardCount(r -> r.streamName(STREAM).targetShardCount(target)
                    .scalingType(ScalingType.UNIFORM_SCALING));
        }

        JsonNode forward = aws.invoke(update(1, 8));
        assertEquals(updateStatus, forward.get("Status").asText(), () -> forward.path("Reason").asText());
        assertEquals(afterUpdate, aws.stream(STREAM).openShardCount());
        JsonNode rollback = aws.invoke(update(8, 1));

        assertSuccess(rollback);
        assertEquals(afterRollback, aws.stream(STREAM).openShardCount());
        if ("FAILED".equals(updateStatus) && afterUpdate > 1) {
            assertTrue(forward.get("Reason").asText().contains("LimitExceededException")
                    && forward.get("Reason").asText().contains("Stream meter-siem-events stays at a shard count of 4"),
                    forward.get("Reason").asText());
        }
    }

    @Test
    void update_whenTheDayHasPassed_bringsAKeptCountBack() {
        assertSuccess(aws.invoke(Harness.create()));
        for (int call = 0; call < 8; call++) {
            int target = call % 2 == 0 ? 2 : 1;
            someoneElse.updateShardCount(r -> r.streamName(STREAM).targetShardCount(target)
                    .scalingType(ScalingType.UNIFORM_SCALING));
        }
        aws.invoke(update(1, 8));
        assertSuccess(aws.invoke(update(8, 1)));
        assertEquals(4, aws.stream(STREAM).openShardCount());
        clock.advance(Duration.ofHours(24).plusMinutes(1));

        assertSuccess(aws.invoke(update(1, 1).withProperty("ReapplyToken", "next-day")));

        assertEquals(1, aws.stream(STREAM).openShardCount());
    }

    @Test
    void delete_whenAConsumerIsRegistered_deletesTheStreamWithIt() {
        assertSuccess(aws.invoke(Harness.create().withProperty("RetainStreamOnDelete", "false")));
        String arn = aws.stream(STREAM).streamARN();
        aws.kinesis.registerStreamConsumer(r -> r.streamARN(arn).consumerName("kcl-reader"));

        JsonNode response = aws.invoke(Harness.delete().withProperty("RetainStreamOnDelete", "false"));

        assertSuccess(response);
        assertFalse(aws.streamExists(STREAM));
    }

    /** Ownership takes both of the stack's tags: a page of one tag splits them. */
    @Test
    void delete_whenKinesisListsTheTagsOnePerPage_readsEveryPageAndDeletesItsStream() {
        assertSuccess(aws.invoke(Harness.create().withProperty("RetainStreamOnDelete", "false")));
        int tags = aws.streamTags(STREAM).size();
        proxy.pageTags(1);
        int callsBefore = proxy.calls().size();

        assertSuccess(aws.invoke(Harness.delete().withProperty("RetainStreamOnDelete", "false")));

        assertFalse(aws.streamExists(STREAM));
        assertEquals(tags, proxy.calls().subList(callsBefore, proxy.calls().size()).stream()
                .filter("kinesis:ListTagsForStream"::equals).count());
    }

    /** An Update whose old and new properties differ only in the shard count. */
    private static Events update(int from, int to) {
        return Harness.updateFromCreate().withOldProperty("KinesisShardCount", String.valueOf(from))
                .withOldProperty("KinesisRetentionHours", "24")
                .withProperty("KinesisShardCount", String.valueOf(to));
    }

    /** The stream created with one shard still has it, and no UpdateShardCount call was made. */
    private void assertRefusedBeforeAnyCall(JsonNode response, String reason) {
        assertEquals("FAILED", response.get("Status").asText());
        assertEquals(reason, response.get("Reason").asText());
        assertEquals(0, scalingCalls());
        assertEquals(1, aws.stream(STREAM).openShardCount());
    }

    private int scalingCalls() {
        return (int) proxy.calls().stream().filter("kinesis:UpdateShardCount"::equals).count();
    }

    private static void assertSuccess(JsonNode response) {
        assertEquals("SUCCESS", response.get("Status").asText(), () -> response.path("Reason").asText());
    }
}
