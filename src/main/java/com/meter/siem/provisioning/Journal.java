package com.meter.siem.provisioning;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** What a run created, so that a failed run can remove it again, newest first. */
final class Journal {
    private record Undo(String description, Runnable action) {
    }

    private final Deque<Undo> undos = new ArrayDeque<>();

    void created(String description, Runnable undo) {
        undos.push(new Undo(description, undo));
    }

    /** Undoes everything it can; returns a sentence saying what was removed and what could not be, if anything. */
    String rollback() {
        List<String> removed = new ArrayList<>();
        List<String> left = new ArrayList<>();
        while (!undos.isEmpty()) {
            Undo undo = undos.pop();
            try {
                undo.action().run();
                removed.add(undo.description());
            } catch (RuntimeException e) {
                left.add(undo.description() + " (" + e.getClass().getSimpleName() + ")");
            }
        }
        if (removed.isEmpty() && left.isEmpty()) {
            return "";
        }
        String text = removed.isEmpty() ? "" : "Removed what this attempt created: " + String.join(", ", removed) + ".";
        return left.isEmpty() ? text : text + " Could not remove: " + String.join(", ", left) + ".";
    }
}
