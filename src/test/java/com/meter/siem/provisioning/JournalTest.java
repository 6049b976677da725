package com.meter.siem.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JournalTest {
    private final Journal journal = new Journal();
    private final List<String> undone = new ArrayList<>();
    private final Progress progress = new Progress();

    @Test
    void rollback_whenNothingWasJournaled_saysNothing() {
        assertEquals("", journal.rollback());
    }

    @Test
    void rollback_whenSeveralWereCreated_undoesNewestFirstAndNamesThem() {
        journal.creating("stream s", () -> undone.add("stream"));
        journal.creating("policy p", () -> undone.add("policy"));
        journal.creating("role r", () -> undone.add("role"));

        assertEquals("Removed what this attempt created: role r, policy p, stream s.", journal.rollback());
        assertEquals(List.of("role", "policy", "stream"), undone);
        assertEquals("", journal.rollback(), "each undo runs once");
    }

    @Test
    void rollback_whenAResourceWasNeverCreated_leavesItOut() {
        journal.creating("stream s", () -> undone.add("stream"));
        journal.creating("policy p", () -> false);

        assertEquals("Removed what this attempt created: stream s.", journal.rollback());
    }

    @Test
    void rollback_whenAnUndoFails_goesOnAndNamesWhatIsLeft() {
        journal.creating("stream s", () -> undone.add("stream"));
        journal.creating("role r", () -> {
            throw new IllegalStateException("throttled");
        });

        assertEquals("Removed what this attempt created: stream s. Could not remove: role r (IllegalStateException).",
                journal.rollback());
        assertEquals(List.of("stream"), undone);
    }

    @Test
    void rollback_whenEveryUndoFails_namesOnlyWhatIsLeft() {
        journal.creating("stream s", () -> {
            throw new IllegalArgumentException("denied");
        });
        journal.creating("role r", () -> {
            throw new IllegalStateException("throttled");
        });

        assertEquals("Could not remove: role r (IllegalStateException), stream s (IllegalArgumentException).",
                journal.rollback());
    }

    @Test
    void undoingOnFailure_whenTheRunSucceeds_keepsWhatItCreated() {
        String result = Journal.undoingOnFailure(progress, run -> {
            run.creating("stream s", () -> undone.add("stream"));
            return "done";
        });

        assertEquals("done", result);
        assertEquals(List.of(), undone);
    }

    @Test
    void undoingOnFailure_whenTheRunFails_undoesAndSaysSoAtTheFailedStep() {
        ProvisioningException failure = assertThrows(ProvisioningException.class,
                () -> Journal.undoingOnFailure(progress, run -> {
                    run.creating("stream s", () -> undone.add("stream"));
                    progress.enter("create role r");
                    throw new IllegalStateException("denied");
                }));

        assertEquals("create role r", failure.step());
        assertEquals("Removed what this attempt created: stream s.", failure.getMessage());
        assertEquals(List.of("stream"), undone);
    }

    /** The watchdog answered while the call was failing: CloudFormation's Delete removes what remains. */
    @Test
    void undoingOnFailure_whenTheRunWasAbandoned_leavesTheRestToTheDelete() {
        ProvisioningException failure = assertThrows(ProvisioningException.class,
                () -> Journal.undoingOnFailure(progress, run -> {
                    run.creating("stream s", () -> undone.add("stream"));
                    progress.abandon();
                    throw new ProvisioningException("create role r", "denied", null);
                }));

        assertEquals("denied", failure.getMessage());
        assertEquals(List.of(), undone);
    }

    @Test
    void undoingOnFailure_whenStoppedAtAStepAfterTheDeadline_passesTheStopOnUntouched() {
        Progress.AbandonedException stop = new Progress.AbandonedException("create role r");

        assertSame(stop, assertThrows(Progress.AbandonedException.class,
                () -> Journal.undoingOnFailure(progress, run -> {
                    run.creating("stream s", () -> undone.add("stream"));
                    throw stop;
                })));
        assertEquals(List.of(), undone);
    }
}
