package com.meter.siem.provisioning;

import com.meter.siem.integration.ExternalId;
import com.meter.siem.integration.ExternalIdRotation;
import java.util.List;

/**
 * Where the external ID is kept and which of its values Meter's role accepts.
 *
 * @param secretName the secret this stack generates the ID in, unless the user keeps it in a secret of their own
 * @param existingSecretArn the user's own secret (ExistingExternalIdSecretArn), read and never written; empty
 *        when the stack generates the ID
 * @param legacyValue the ID that templates before ExistingExternalIdSecretArn passed as the ExternalId property,
 *        or null; today only CloudFormation's rollback to such a template sends one
 * @param version raising it starts a rotation: a new ID becomes the secret's current one
 * @param rotation STARTED: the secret's previous ID is accepted too
 */
public record ExternalIdSpec(String secretName, String existingSecretArn, ExternalId legacyValue, int version,
                             ExternalIdRotation rotation) {

    public boolean generated() {
        return existingSecretArn.isEmpty();
    }

    /**
     * Refuses an Update that would cut Meter off: a raised ExternalIdVersion starts a rotation, which must keep
     * the ID Meter has, and only one rotation runs at a time, since the secret keeps one previous ID. A lowered
     * version (CloudFormation's rollback of a start) is never refused.
     *
     * @throws InvalidPropertiesException naming the properties and the fix
     */
    void checkStepFrom(PreviousProperties previous) {
        if (version <= previous.externalIdVersion() || legacyValue != null) {
            return;
        }
        if (previous.rotation() == ExternalIdRotation.STARTED) {
            throw new InvalidPropertiesException(List.of(("ExternalIdVersion: the rotation to version %d is not"
                    + " finished; once Meter's dashboard has that ID, deploy with ExternalIdRotation=FINISHED, then"
                    + " start the next rotation").formatted(previous.externalIdVersion())));
        }
        if (rotation != ExternalIdRotation.STARTED) {
            throw new InvalidPropertiesException(List.of(("ExternalIdVersion: raising it to %d starts a rotation;"
                    + " set ExternalIdRotation=STARTED with it, so that Meter's role accepts the current ID and the"
                    + " new one until you set ExternalIdRotation=FINISHED").formatted(version)));
        }
    }
}
