package com.meter.siem.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.meter.siem.integration.StreamEncryption;
import com.meter.siem.integration.StreamLifecycle;
import com.meter.siem.integration.StreamMode;
import com.meter.siem.provisioning.StreamChange.ChangeRetention;
import com.meter.siem.provisioning.StreamChange.DisableMetrics;
import com.meter.siem.provisioning.StreamChange.EnableMetrics;
import com.meter.siem.provisioning.StreamChange.ScaleShards;
import com.meter.siem.provisioning.StreamChange.StartEncryption;
import com.meter.siem.provisioning.StreamChange.StopEncryption;
import com.meter.siem.provisioning.StreamChange.SwitchMode;
import com.meter.siem.provisioning.StreamChange.TagStream;
import com.meter.siem.provisioning.StreamChange.UntagStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StreamPlannerTest {
    private static final Set<String> METRICS = Set.of("IncomingBytes", "IncomingRecords");
    private static final StreamSpec SPEC = new StreamSpec("s", StreamMode.PROVISIONED, 1, 24, METRICS,
            StreamEncryption.AWS_MANAGED_KEY, "", Map.of("Name", "Meter SIEM Integration"));
    private static final StreamState MATCHING = new StreamState("arn", StreamLifecycle.ACTIVE, StreamMode.PROVISIONED, 1,
            24, METRICS, "alias/aws/kinesis", Map.of("Name", "Meter SIEM Integration"));

    @ParameterizedTest(name = "{0} -> {1}: next {2}")
    @CsvSource({"1, 5, 2", "2, 5, 4", "4, 5, 5", "8, 3, 4", "4, 3, 3", "5, 1, 3", "3, 1, 2", "2, 1, 1", "7, 6, 6"})
    void nextShardCount_whenTargetIsFar_movesAtMostDoubleOrHalf(int current, int target, int next) {
        assertEquals(next, StreamPlanner.nextShardCount(current, target));
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({"1, 8, 2 4 8", "3, 10, 6 10", "6, 13, 12 13", "7, 7, ''", "8, 1, 4 2 1", "7, 2, 4 2", "5, 1, 3 2 1",
            "10, 3, 5 3", "1, 2048, 2 4 8 16 32 64 128 256 512 1024 2048"})
    void shardSteps_whenScalingUpOrDownFromOddOrEvenCounts_neverMoreThanDoubleNorLessThanHalf(int from, int to,
                                                                                                String steps) {
        List<Integer> counts = StreamPlanner.shardSteps(from, to);

        assertEquals(steps, counts.stream().map(String::valueOf).collect(Collectors.joining(" ")));
        int previous = from;
        for (int count : counts) {
            assertTrue(count <= previous * 2 && count * 2 >= previous, previous + " -> " + count);
            previous = count;
        }
    }

    @ParameterizedTest(name = "{0} -> {1}: {2} calls there and back")
    @CsvSource({"1, 2048, 22", "1, 32, 10", "3, 10, 4", "5, 1, 6", "4, 4, 0"})
    void roundTripCalls_whenScaling_countsTheWayBackToo(int from, int to, int calls) {
        assertEquals(calls, StreamPlanner.roundTripCalls(from, to));
    }

    @ParameterizedTest(name = "{0} -> {1} with {2} calls: at most {3}")
    @CsvSource({"1, 2048, 10, 32", "32, 1024, 5, 128", "1024, 1, 10, 32", "5, 1, 3, 3", "1, 8, 1, 1", "3, 10, 4, 10"})
    void farthestWithin_whenCallsAreShort_goesAsFarAsItCanComeBack(int from, int to, int calls, int farthest) {
        assertEquals(farthest, StreamPlanner.farthestWithin(from, to, calls));
    }

    @Test
    void nextChange_whenStreamMatches_plansNothing() {
        assertEquals(Optional.empty(), StreamPlanner.nextChange(SPEC, MATCHING, SPEC.tags(), Set.of()));
    }

    @Test
    void nextChange_whenModeDiffers_switchesModeBeforeAnythingElse() {
        StreamState onDemand = state(StreamMode.ON_DEMAND, 4, 48, Set.of(), "");

        assertEquals(Optional.of(new SwitchMode(StreamMode.PROVISIONED)),
                StreamPlanner.nextChange(SPEC, onDemand, SPEC.tags(), Set.of()));
    }

    @Test
    void nextChange_whenOnDemand_ignoresShardCount() {
        StreamSpec onDemand = new StreamSpec("s", StreamMode.ON_DEMAND, 1, 24, METRICS,
                StreamEncryption.AWS_MANAGED_KEY, "", SPEC.tags());

        assertEquals(Optional.empty(), StreamPlanner.nextChange(onDemand,
                state(StreamMode.ON_DEMAND, 4, 24, METRICS, "alias/aws/kinesis"), SPEC.tags(), Set.of()));
    }

    @Test
    void nextChange_whenSeveralDiffer_ordersShardsRetentionMetricsEncryptionTags() {
        StreamState state = new StreamState("arn", StreamLifecycle.ACTIVE, StreamMode.PROVISIONED, 2, 48,
                Set.of("OutgoingBytes"), "", Map.of("Old", "x"));

        assertEquals(Optional.of(new ScaleShards(2, 1)), next(state));
        state = with(state, 1, 48, state.shardLevelMetrics(), "", state.tags());
        assertEquals(Optional.of(new ChangeRetention(48, 24)), next(state));
        state = with(state, 1, 24, state.shardLevelMetrics(), "", state.tags());
        assertEquals(Optional.of(new DisableMetrics(Set.of("OutgoingBytes"))), next(state));
        state = with(state, 1, 24, Set.of(), "", state.tags());
        assertEquals(Optional.of(new EnableMetrics(METRICS)), next(state));
        state = with(state, 1, 24, METRICS, "", state.tags());
        assertEquals(Optional.of(new StartEncryption("alias/aws/kinesis")), next(state));
        state = with(state, 1, 24, METRICS, "alias/aws/kinesis", state.tags());
        assertEquals(Optional.of(new TagStream(Map.of("Name", "Meter SIEM Integration"))), next(state));
        state = with(state, 1, 24, METRICS, "alias/aws/kinesis", Map.of("Old", "x", "Name", "Meter SIEM Integration"));
        assertEquals(Optional.of(new UntagStream(Set.of("Old"))),
                StreamPlanner.nextChange(SPEC, state, SPEC.tags(), Set.of("Old")));
        assertEquals(Optional.empty(), next(state), "tags the user never set through us are left alone");
    }

    @Test
    void nextChange_whenEncryptionTurnedOff_stopsWithTheCurrentKey() {
        StreamSpec plain = new StreamSpec("s", StreamMode.PROVISIONED, 1, 24, METRICS, StreamEncryption.NONE, "",
                SPEC.tags());

        assertEquals(Optional.of(new StopEncryption("alias/aws/kinesis")),
                StreamPlanner.nextChange(plain, MATCHING, SPEC.tags(), Set.of()));
    }

    private static Optional<StreamChange> next(StreamState state) {
        return StreamPlanner.nextChange(SPEC, state, SPEC.tags(), Set.of());
    }

    private static StreamState state(StreamMode mode, int shards, int retention, Set<String> metrics, String key) {
        return new StreamState("arn", StreamLifecycle.ACTIVE, mode, shards, retention, metrics, key, SPEC.tags());
    }

    private static StreamState with(StreamState state, int shards, int retention, Set<String> metrics, String key,
                                    Map<String, String> tags) {
        return new StreamState(state.arn(), state.status(), state.mode(), shards, retention, metrics, key, tags);
    }
}
