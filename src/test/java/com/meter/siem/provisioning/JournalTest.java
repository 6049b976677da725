package com.meter.siem.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JournalTest {
    private final Journal journal = new Journal();
    private final List<String> undone = new ArrayList<>();

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
}
