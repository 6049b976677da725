package com.meter.siem.health;

/** One named rule over what a run saw of the role Meter assumes. */
public interface AccessCheck {
    String name();

    /** How urgent its finding is, also when it cannot tell. */
    default Severity severity() {
        return Severity.CRITICAL;
    }

    Finding evaluate(AccessObservation observation);
}
