package com.meter.siem.provisioning;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * What a run created, or may have created, so that a failed run can remove it again, newest first.
 *
 * <p>Each resource is journaled before the call that creates it, not after: when AWS performs the call
 * but its answer is lost (a reset connection, a timeout), the SDK's retry fails with "already exists"
 * although the resource is there, and it must still go with the rollback. So an undo removes the
 * resource only if it exists and is ours, and says whether it did.
 */
final class Journal {
    private record Undo(String description, BooleanSupplier removeIfPresent) {
    }

    private final Deque<Undo> undos = new ArrayDeque<>();

    /**
     * Runs a Create or Update with a journal of its own. When it fails, what it journaled is undone and the
     * failure says so; unless the watchdog has answered meanwhile: CloudFormation's Delete then cleans up,
     * and a rollback here must not race it.
     */
    static <T> T undoingOnFailure(Progress progress, Function<Journal, T> run) {
        Journal journal = new Journal();
        try {
            return run.apply(journal);
        } catch (Progress.AbandonedException abandoned) {
            throw abandoned;
        } catch (RuntimeException e) {
            ProvisioningException failure = ProvisioningException.at(progress.step(), e);
            throw progress.isAbandoned() ? failure : failure.withNote(journal.rollback());
        }
    }

    /** @param removeIfPresent removes the resource if it exists and is ours; true when it removed something */
    void creating(String description, BooleanSupplier removeIfPresent) {
        undos.push(new Undo(description, removeIfPresent));
    }

    /** Undoes everything it can; returns a sentence saying what was removed and what could not be, if anything. */
    String rollback() {
        List<String> removed = new ArrayList<>();
        List<String> left = new ArrayList<>();
        while (!undos.isEmpty()) {
            Undo undo = undos.pop();
            try {
                if (undo.removeIfPresent().getAsBoolean()) {
                    removed.add(undo.description());
                }
            } catch (RuntimeException e) {
                left.add(undo.description() + " (" + e.getClass().getSimpleName() + ")");
            }
        }
        if (removed.isEmpty() && left.isEmpty()) {
            return "";
        }
        String text = removed.isEmpty() ? "" : "Removed what this attempt created: " + String.join(", ", removed) + ".";
        return left.isEmpty() ? text : (text + " Could not remove: " + String.join(", ", left) + ".").strip();
    }
}
