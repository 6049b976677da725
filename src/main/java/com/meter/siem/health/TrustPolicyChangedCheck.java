package com.meter.siem.health;

import com.meter.siem.integration.PolicyDocuments;


/**
 * The role trusts exactly Meter's principal, and only with the external ID: the secret's current one, and while a
 * rotation is started its previous one too; any other set of IDs is drift. The documents are compared as data and
 * never printed: both hold the external IDs.
 */
final class TrustPolicyChangedCheck implements AccessCheck {
    static final String NAME = "TrustPolicyChanged";

    private final ExternalIdRotationSettings rotation;

    TrustPolicyChangedCheck(ExternalIdRotationSettings rotation) {
        this.rotation = rotation;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Finding evaluate(AccessObservation observation) {
        String unknown = observation.whyNoRole();
        if (unknown != null) {
            return Finding.unknown(NAME, Severity.CRITICAL, unknown);
        }
        if (observation.externalIdSecretScheduledForDeletion()) {
            return new Finding(NAME, Severity.CRITICAL, CheckStatus.FAILING,
                    "The secret that holds the external ID of IAM role %s is scheduled for deletion: the trust"
                            .formatted(observation.roleName()) + " policy cannot be checked, and once the secret is"
                            + " gone the stack can no longer update the role or show the ID.",
                    "external ID secret scheduled for deletion", "external ID secret readable", "",
                    "Restore the secret (aws secretsmanager restore-secret --secret-id with the stack output"
                            + " ExternalIdSecretArn), or update the stack, which restores it; then find who"
                            + " deleted it in CloudTrail (DeleteSecret).");
        }
        String expected = rotation.started() ? "the current or the previous external ID (a rotation is started)"
                : "the external ID";
        if (PolicyDocuments.sameDocument(observation.trustPolicy(), observation.expectedTrustPolicy())) {
            return Finding.ok(NAME, Severity.CRITICAL, "trust policy as deployed: Meter's principal, with " + expected);
        }
        return new Finding(NAME, Severity.CRITICAL, CheckStatus.FAILING,
                "The trust policy of IAM role %s was changed outside the stack: it no longer trusts only Meter's"
                        .formatted(observation.roleName())
                        + " principal with " + expected + ".",
                "trust policy differs from the deployed one", "only MeterServiceRoleArn, with " + expected, "",
                "Treat this as a security event: find the UpdateAssumeRolePolicy call in CloudTrail, then"
                        + " " + Fixes.REAPPLY + " to restore the trust policy.");
    }
}
