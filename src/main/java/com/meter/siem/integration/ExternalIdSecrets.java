package com.meter.siem.integration;

import java.time.Instant;
import java.util.Optional;

/**
 * Reading the secret that holds the external ID: the provisioner writes the IDs it holds into the trust policy,
 * and the health checker expects exactly those there.
 */
public interface ExternalIdSecrets {
    /** The label of the value in use; moving it to another version moves AWSPREVIOUS to the one it left. */
    String CURRENT = "AWSCURRENT";
    String PREVIOUS = "AWSPREVIOUS";

    /** One version of the secret's value, and when it was stored. */
    record Version(String versionId, ExternalId value, Instant created) {
    }

    /**
     * @return empty when no version carries the label
     * @throws ScheduledForDeletionException when the secret is scheduled for deletion
     */
    Optional<Version> read(String arn, String stage);

    /** Secrets Manager refused to read a secret because it is scheduled for deletion. */
    final class ScheduledForDeletionException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ScheduledForDeletionException(Throwable cause) {
            super(cause);
        }
    }
}
