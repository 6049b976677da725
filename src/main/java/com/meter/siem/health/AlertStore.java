package com.meter.siem.health;

import java.util.Collection;
import java.util.Map;

/** Durable alert state, written conditionally. */
public interface AlertStore {
    /** The stored states of these keys; keys never stored are absent. */
    Map<String, AlertState> load(Collection<String> keys);

    /**
     * Stores {@code next} only if the stored state is still {@code previous} (or, when previous is null,
     * still absent). Returns false when another run got there first.
     */
    boolean replace(AlertState previous, AlertState next);

    /**
     * Undoes a {@link #replace} whose alert could not be sent: puts {@code previous} back (or removes the
     * state when previous is null), only if the stored state is still {@code claimed}, so that a later run
     * sends the alert instead.
     */
    void restore(AlertState claimed, AlertState previous);
}
