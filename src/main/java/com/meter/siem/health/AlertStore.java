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
}
