package com.meter.siem.provisioning;

import java.util.Map;
import java.util.Optional;

/** The Secrets Manager calls provisioning and the health checker need, in domain terms. */
public interface SecretGateway {
    /** @param scheduledForDeletion whether Secrets Manager shows a DeletedDate: the value cannot be read or written */
    record Secret(String arn, Map<String, String> tags, boolean scheduledForDeletion) {
    }

    Optional<Secret> describe(String name);

    /**
     * Retries while Secrets Manager refuses the name because a secret of that name is scheduled for deletion:
     * one deleted without recovery is removed in the background, moments later.
     *
     * @throws Propagation.NotYetPropagatedException when the name is still refused after the last attempt
     */
    String create(String name, ExternalId value, String description, Map<String, String> tags);

    /** Cancels the secret's scheduled deletion. */
    void restore(String arn);

    /** @throws ScheduledForDeletionException when the secret is scheduled for deletion */
    ExternalId read(String arn);

    void write(String arn, ExternalId value);

    /** Deletes at once, without a recovery window: the ID is worthless once its role is gone. */
    void delete(String arn);

    /** Secrets Manager refused to read a secret because it is scheduled for deletion. */
    final class ScheduledForDeletionException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ScheduledForDeletionException(Throwable cause) {
            super(cause);
        }
    }
}
