package com.meter.siem.health;

/** The role Meter assumes still exists. */
final class RoleMissingCheck implements AccessCheck {
    static final String NAME = "RoleMissing";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Finding evaluate(AccessObservation observation) {
        if (observation.roleExists()) {
            return Finding.ok(NAME, Severity.CRITICAL, "role exists");
        }
        return new Finding(NAME, Severity.CRITICAL, CheckStatus.FAILING,
                "IAM role %s, which Meter assumes, was deleted; Meter cannot deliver events.".formatted(
                        observation.roleName()),
                "role not found", "role exists", "",
                Fixes.REAPPLY + " to recreate it (check with `aws iam get-role --role-name %s`), then confirm the"
                        .formatted(observation.roleName())
                        + " Role ARN in the Meter dashboard and use Send test event.");
    }
}
