package com.meter.siem.health;

import java.time.Instant;
import java.util.List;

/**
 * What one run saw of the role Meter assumes.
 *
 * @param trustPolicy null when the role does not exist
 * @param writePolicy the default version of the integration's write policy, or null when it is gone
 * @param expectedTrustPolicy the trust policy the custom resource wrote, built from the current external ID (and
 *        the previous one, during a rotation); null when the external ID's secret cannot be read because it is
 *        scheduled for deletion
 * @param externalIdSince when the current external ID was stored, or null when the secret cannot be read
 */
public record AccessObservation(
        String roleName,
        String trustPolicy,
        List<String> attachedPolicyArns,
        List<String> inlinePolicyNames,
        String writePolicyArn,
        String writePolicy,
        String expectedTrustPolicy,
        String expectedWritePolicy,
        Instant externalIdSince) {

    public AccessObservation {
        attachedPolicyArns = List.copyOf(attachedPolicyArns);
        inlinePolicyNames = List.copyOf(inlinePolicyNames);
    }

    public boolean roleExists() {
        return trustPolicy != null;
    }

    /** Like {@link StreamObservation}'s: why the checks of the role's policies cannot tell, or null when they can. */
    String whyNoRole() {
        return roleExists() ? null : "role not found";
    }

    public boolean externalIdSecretScheduledForDeletion() {
        return roleExists() && expectedTrustPolicy == null;
    }

    /** The trust policies hold the external ID: never print them. */
    @Override
    public String toString() {
        return "AccessObservation[roleName=%s, attachedPolicyArns=%s, inlinePolicyNames=%s, writePolicyArn=%s]"
                .formatted(roleName, attachedPolicyArns, inlinePolicyNames, writePolicyArn);
    }
}
