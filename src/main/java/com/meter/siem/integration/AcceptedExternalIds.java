package com.meter.siem.integration;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The external IDs Meter's role accepts, as the secret holds them: its current one and, while a rotation is
 * started, its previous one (when there is one and it differs). What the provisioner writes into the trust
 * policy and what the health checker expects there.
 *
 * @param ids the current ID first
 * @param since when the current ID was stored
 */
public record AcceptedExternalIds(List<ExternalId> ids, Instant since) {
    public AcceptedExternalIds {
        ids = List.copyOf(ids);
    }

    /** @throws ExternalIdSecrets.ScheduledForDeletionException when the secret is scheduled for deletion */
    public static AcceptedExternalIds read(ExternalIdSecrets secrets, String secretArn, ExternalIdRotation rotation) {
        ExternalIdSecrets.Version current = secrets.read(secretArn, ExternalIdSecrets.CURRENT).orElseThrow(() ->
                new IllegalStateException("secret %s has no current value".formatted(secretArn)));
        List<ExternalId> ids = new ArrayList<>(List.of(current.value()));
        if (rotation == ExternalIdRotation.STARTED) {
            secrets.read(secretArn, ExternalIdSecrets.PREVIOUS).map(ExternalIdSecrets.Version::value)
                    .filter(previous -> !previous.equals(current.value())).ifPresent(ids::add);
        }
        return new AcceptedExternalIds(ids, current.created());
    }
}
