package com.meter.siem.health;

import java.time.Clock;
import java.time.Duration;

/**
 * A started rotation of the external ID is finished within its grace period: until then Meter's role accepts the
 * previous ID as well, which the rotation is meant to retire. The IDs themselves are never part of a finding.
 */
final class ExternalIdRotationPendingCheck implements AccessCheck {
    static final String NAME = "ExternalIdRotationPending";
    static final String FINISH = "`sam deploy --parameter-overrides ExternalIdRotation=FINISHED` (with your other"
            + " overrides; or update the stack with that parameter)";

    private final ExternalIdRotationSettings settings;
    private final Clock clock;

    ExternalIdRotationPendingCheck(ExternalIdRotationSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public Finding evaluate(AccessObservation observation) {
        if (!settings.started()) {
            return Finding.ok(NAME, Severity.WARNING, "no external ID rotation in progress");
        }
        if (observation.externalIdSince() == null) {
            return Finding.unknown(NAME, Severity.WARNING, "the external ID secret could not be read");
        }
        Duration age = Duration.between(observation.externalIdSince(), clock.instant());
        if (age.compareTo(settings.grace()) < 0) {
            return Finding.ok(NAME, Severity.WARNING, "external ID rotation started %d days ago, within the grace"
                    .formatted(age.toDays()) + " period of %d days".formatted(settings.grace().toDays()));
        }
        return new Finding(NAME, Severity.WARNING, CheckStatus.FAILING,
                ("The rotation of the external ID started %d days ago and is not finished: IAM role %s still"
                        + " accepts the previous external ID as well as the current one.").formatted(age.toDays(),
                        observation.roleName()),
                "rotation started %d days ago".formatted(age.toDays()),
                "finished within %d days".formatted(settings.grace().toDays()), "",
                "Enter the current external ID (stack output ExternalIdCommand) in the Meter dashboard if you have"
                        + " not, use Send test event, then finish the rotation: " + FINISH + ".");
    }
}
