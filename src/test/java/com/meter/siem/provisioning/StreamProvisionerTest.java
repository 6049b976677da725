package com.meter.siem.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.meter.siem.integration.StreamEncryption;
import com.meter.siem.integration.StreamLifecycle;
import com.meter.siem.integration.StreamMode;
import com.meter.siem.provisioning.StreamChange.ScaleShards;
import com.meter.siem.provisioning.StreamChange.TagStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StreamProvisionerTest {
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final Ownership OWNER = new Ownership("stack", "Integration");
    private static final Set<String> METRICS = Set.of("IncomingBytes");

    private final InMemoryStreams streams = new InMemoryStreams();
    private final StreamProvisioner provisioner = new StreamProvisioner(streams, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void ensure_whenStreamIsBeingDeleted_failsNamingTheStream() {
        streams.put("s", stream(StreamLifecycle.DELETING, 1, Map.of()));

        ProvisioningException failure = assertThrows(ProvisioningException.class, () -> ensure(spec(1, 24), 1));

        assertEquals("Kinesis stream s is being deleted; wait until it is gone and retry.", failure.getMessage());
    }

    @Test
    void ensure_whenScaling_recordsEachCallOnTheStreamBeforeMakingIt() {
        streams.put("s", stream(StreamLifecycle.ACTIVE, 1, Map.of()));

        ensure(spec(4, 24), 1);

        String at = String.valueOf(NOW.getEpochSecond());
        assertEquals(List.of(new TagStream(Map.of(ScalingRecord.TAG_KEY, "from=1 at=" + at)), new ScaleShards(1, 2),
                new TagStream(Map.of(ScalingRecord.TAG_KEY, "from=1 at=" + at + " " + at)), new ScaleShards(2, 4)),
                streams.applied());
    }

    @Test
    void ensure_whenEarlierCallsLeaveTooFew_refusesBeforeAnyCallSayingWhenTheChangeFits() {
        streams.put("s", stream(StreamLifecycle.ACTIVE, 32, record(1, NOW.minusSeconds(3600 * 5),
                NOW.minusSeconds(3600 * 4), NOW.minusSeconds(3600 * 3), NOW.minusSeconds(3600 * 2), NOW.minusSeconds(3600))));

        ProvisioningException failure = assertThrows(ProvisioningException.class, () -> ensure(spec(1024, 24), 32));

        assertEquals("plan the shard-count change on stream s", failure.step());
        assertEquals("KinesisShardCount: going from 32 to 1024 shards on stream s takes 5 UpdateShardCount calls, and"
                + " undoing it if the stack rolls back 5 more; Kinesis allows 10 per stream in any 24 hours, and this"
                + " stack made 5 of them in the last 24 hours. Now the stream can go to at most 128 shards; the whole"
                + " change fits from 2026-12-01T11:00:00Z.", failure.getMessage());
        assertEquals(List.of(), streams.applied());
    }

    @Test
    void ensure_whenAScaleUpWouldPassTheShardQuota_refusesBeforeAnyCallSayingWhatFits() {
        streams.put("s", stream(StreamLifecycle.ACTIVE, 4, Map.of()));
        streams.put("other", stream(StreamLifecycle.ACTIVE, 190, Map.of()));
        streams.shardLimit(200);

        ProvisioningException failure = assertThrows(ProvisioningException.class, () -> ensure(spec(16, 24), 4));

        assertEquals("read the account's shard quota", failure.step());
        assertEquals("KinesisShardCount: going from 4 to 16 shards on stream s opens 12 more shards, and the account's"
                + " Kinesis shard quota in this region is 200 with 194 open. Set KinesisShardCount to at most 10, or"
                + " request a shard quota increase in Service Quotas first.", failure.getMessage());
        assertEquals(List.of(), streams.applied());
    }

    @Test
    void ensure_whenABackOutMeetsTheLimit_keepsTheShardCountAndAppliesTheRest() {
        streams.put("s", stream(StreamLifecycle.ACTIVE, 4, record(1, NOW.minusSeconds(60))));
        streams.allowScalings(1);

        ensure(spec(1, 48), 8);

        StreamState state = streams.state("s");
        assertEquals(2, state.openShardCount(), "scaled back as far as the limit allowed");
        assertEquals(48, state.retentionHours());
    }

    @Test
    void ensure_whenAForwardChangeMeetsTheLimit_failsSayingWhereTheStreamStays() {
        streams.put("s", stream(StreamLifecycle.ACTIVE, 1, Map.of()));
        streams.allowScalings(2);

        ProvisioningException failure = assertThrows(ProvisioningException.class, () -> ensure(spec(8, 24), 1));

        assertEquals("scale shards from 4 to 8 on stream s", failure.step());
        assertTrue(failure.getMessage().contains("Stream s stays at a shard count of 4; the rollback scales it back"
                + " as far as Kinesis allows and otherwise keeps that count."), failure.getMessage());
        assertEquals(4, streams.state("s").openShardCount());
    }

    @Test
    void ensure_whenTheRecordIsADayOld_planWithTheWholeDay() {
        streams.put("s", stream(StreamLifecycle.ACTIVE, 1, record(1, NOW.minusSeconds(24 * 3600))));

        ensure(spec(32, 24), 1);

        assertEquals(32, streams.state("s").openShardCount());
    }

    private void ensure(StreamSpec spec, int backOutCount) {
        provisioner.ensure(spec, backOutCount, false, OWNER, Set.of(), new Progress(), new Journal());
    }

    private static StreamSpec spec(int shards, int retentionHours) {
        return new StreamSpec("s", StreamMode.PROVISIONED, shards, retentionHours, METRICS, StreamEncryption.NONE, "",
                Map.of());
    }

    private static StreamState stream(StreamLifecycle status, int shards, Map<String, String> tags) {
        Map<String, String> owned = new HashMap<>(tags);
        owned.putAll(OWNER.ownerTags());
        return new StreamState("arn:aws:kinesis:us-east-1:123456789012:stream/s", status, StreamMode.PROVISIONED,
                shards, 24, METRICS, "", owned);
    }

    private static Map<String, String> record(int backOutCount, Instant... calls) {
        return Map.of(ScalingRecord.TAG_KEY, new ScalingRecord(backOutCount, List.of(calls)).tagValue());
    }
}
