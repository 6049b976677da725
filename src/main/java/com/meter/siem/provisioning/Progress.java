package com.meter.siem.provisioning;

import com.meter.siem.integration.ExternalId;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The step a provisioning run is on, shared with the watchdog that may give up on it, and the external IDs
 * it has handled, which the answer masks whatever text quotes them. Once abandoned, the run stops at its next
 * step instead of racing the Delete that CloudFormation sends next.
 */
public final class Progress {
    private volatile String step = "validate properties";
    private volatile boolean abandoned;
    private final Set<String> handledIds = ConcurrentHashMap.newKeySet();

    /** Enters a step; throws if the run was abandoned so no further AWS call is made. */
    public void enter(String description) {
        if (abandoned) {
            throw new AbandonedException(step);
        }
        step = description;
    }

    public String step() {
        return step;
    }

    /** Notes an external ID the run generated, read or was given, so that no text leaving it can show it. */
    void handled(ExternalId id) {
        handledIds.add(id.reveal());
    }

    /** The clear values of the IDs handled so far: only for masking them. */
    public Set<String> handledIds() {
        return Set.copyOf(handledIds);
    }

    public void abandon() {
        abandoned = true;
    }

    public boolean isAbandoned() {
        return abandoned;
    }

    /** Thrown into a run that the watchdog already answered for. */
    public static final class AbandonedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AbandonedException(String step) {
            super("abandoned after the deadline, during: " + step);
        }
    }
}
