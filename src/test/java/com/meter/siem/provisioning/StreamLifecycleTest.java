package com.meter.siem.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.meter.siem.integration.StreamEncryption;
import com.meter.siem.integration.StreamLifecycle;
import com.meter.siem.integration.StreamMode;
import com.meter.siem.provisioning.StreamChange.ChangeRetention;
import com.meter.siem.provisioning.StreamChange.EnableMetrics;
import com.meter.siem.provisioning.StreamChange.TagStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The stream's creation, adoption, undo and deletion over an in-memory Kinesis, in milliseconds. */
class StreamLifecycleTest {
    private static final Ownership OWNER = new Ownership(
            "arn:aws:cloudformation:us-east-1:123456789012:stack/stack/1", "MeterSiemIntegration");
    private static final String ARN = "arn:aws:kinesis:us-east-1:123456789012:stream/s";
    private static final StreamSpec SPEC = new StreamSpec("s", StreamMode.PROVISIONED, 1, 48, Set.of("IncomingBytes"),
            StreamEncryption.NONE, "", Map.of("team", "sec"));

    private final InMemoryStreams streams = new InMemoryStreams();
    private final StreamProvisioner provisioner = new StreamProvisioner(streams,
            Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC));
    private final Progress progress = new Progress();
    private final Journal journal = new Journal();

    @Test
    void ensure_whenNoStream_createsItOwnedThenWaitsBeforeEachChange() {
        assertEquals(ARN, ensure(SPEC, false));

        assertEquals(List.of(new ChangeRetention(24, 48), new EnableMetrics(Set.of("IncomingBytes"))),
                streams.applied());
        StreamState state = streams.state("s");
        assertEquals(StreamLifecycle.ACTIVE, state.status());
        assertEquals(owned(Map.of("team", "sec")), state.tags());
        assertEquals("wait for stream s to become ACTIVE", progress.step());
    }

    @Test
    void ensure_whenCreatedThenRolledBack_deletesTheStream() {
        ensure(SPEC, false);

        assertEquals("Removed what this attempt created: stream s.", journal.rollback());
        assertFalse(streams.describe("s").isPresent());
    }

    @Test
    void ensure_whenTheCreateAnswerIsLost_theRollbackStillDeletesTheStreamByItsTags() {
        streams.loseNextCreateAnswer();

        assertThrows(IllegalStateException.class, () -> ensure(SPEC, false));

        assertEquals("create stream s", progress.step());
        assertEquals("Removed what this attempt created: stream s.", journal.rollback());
        assertFalse(streams.describe("s").isPresent());
    }

    @Test
    void ensure_whenSomeoneElseMadeTheStreamMeanwhile_theRollbackLeavesIt() {
        streams.loseNextCreateAnswer();
        assertThrows(IllegalStateException.class, () -> ensure(SPEC, false));
        streams.put("s", state(Map.of("owner", "someone")));

        assertEquals("", journal.rollback());
        assertTrue(streams.describe("s").isPresent());
    }

    @Test
    void ensure_whenTheStreamIsGoneBeforeTheRollback_removesNothing() {
        ensure(SPEC, false);
        streams.delete("s");

        assertEquals("", journal.rollback());
    }

    @Test
    void ensure_whenTheStreamIsNotOurs_refusesUnlessAdopting() {
        streams.put("s", state(Map.of("team", "other")));

        ProvisioningException refused = assertThrows(ProvisioningException.class, () -> ensure(SPEC, false));

        assertEquals("Kinesis stream s already exists and was not created by this stack. Set AdoptExistingStream to"
                + " true to manage it (it will never be deleted), or choose another KinesisStreamName.",
                refused.getMessage());
        assertEquals("describe stream s", refused.step());
        assertEquals(List.of(), streams.applied());
    }

    @Test
    void ensure_whenAdopting_marksTheStreamAdoptedAndKeepsManagingIt() {
        streams.put("s", state(Map.of("team", "other")));

        ensure(SPEC, true);

        Map<String, String> adopted = new HashMap<>(Map.of("team", "sec"));
        adopted.putAll(OWNER.adoptionTags());
        assertEquals(adopted, streams.state("s").tags());
        assertEquals("", journal.rollback(), "an adopted stream is never undone");

        ensure(new StreamSpec("s", StreamMode.PROVISIONED, 1, 72, Set.of("IncomingBytes"), StreamEncryption.NONE, "",
                Map.of("team", "sec")), false);

        assertEquals(72, streams.state("s").retentionHours());
    }

    @Test
    void ensure_whenOurs_convergesTagsWithoutTheAdoptionMark() {
        streams.put("s", state(OWNER.ownerTags()));

        ensure(SPEC, true);

        assertEquals(new TagStream(Map.of("team", "sec")), streams.applied().getLast());
        assertEquals(owned(Map.of("team", "sec")), streams.state("s").tags());
    }

    @Test
    void ensure_whenAChangeFails_failsAtThatChange() {
        streams.put("s", state(OWNER.ownerTags()));
        streams.failNextChange();

        assertThrows(IllegalStateException.class, () -> ensure(SPEC, false));

        assertEquals("change retention from 24 to 48 hours on stream s", progress.step());
    }

    @Test
    void ensure_whenTheStreamDisappearsWhileWaiting_failsSayingSo() {
        streams.put("s", state(OWNER.ownerTags()));
        streams.vanishWhileWaiting();

        ProvisioningException failure = assertThrows(ProvisioningException.class, () -> ensure(SPEC, false));

        assertEquals("stream s disappeared while it was being set up", failure.getMessage());
        assertEquals("wait for stream s to become ACTIVE", failure.step());
    }

    @ParameterizedTest(name = "{0}, ours {1}, retained {2}: {3}")
    @CsvSource(delimiter = '|', value = {
            "ACTIVE | true | false | stream s deleted",
            "ACTIVE | true | true | stream s kept: RetainStreamOnDelete is true",
            "ACTIVE | false | false | stream s kept: not created by this stack",
            "DELETING | true | false | stream s already being deleted"})
    void delete_whenTheStreamExists_deletesItOnlyWhenOursAndNotRetained(StreamLifecycle status, boolean ours,
                                                                       boolean retain, String summary) {
        StreamState state = state(ours ? OWNER.ownerTags() : Map.of());
        streams.put("s", new StreamState(ARN, status, StreamMode.PROVISIONED, 1, 24, Set.of(), "", state.tags()));

        assertEquals(summary, provisioner.delete("s", retain, OWNER, progress));

        assertEquals(summary.equals("stream s deleted"), streams.describe("s").isEmpty());
        assertEquals(summary.equals("stream s deleted") ? "delete stream s" : "describe stream s", progress.step());
    }

    @Test
    void delete_whenTheStreamIsGone_saysSo() {
        assertEquals("stream s already gone", provisioner.delete("s", false, OWNER, progress));
    }

    private String ensure(StreamSpec spec, boolean adopt) {
        return provisioner.ensure(spec, 0, adopt, OWNER, Set.of(), progress, journal);
    }

    private static StreamState state(Map<String, String> tags) {
        return new StreamState(ARN, StreamLifecycle.ACTIVE, StreamMode.PROVISIONED, 1, 24, Set.of(), "", tags);
    }

    private static Map<String, String> owned(Map<String, String> tags) {
        Map<String, String> all = new HashMap<>(tags);
        all.putAll(OWNER.ownerTags());
        return all;
    }
}
