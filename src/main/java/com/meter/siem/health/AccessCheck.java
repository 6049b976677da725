package com.meter.siem.health;

/** One named rule over what a run saw of the role Meter assumes. */
public interface AccessCheck {
    String name();

    Finding evaluate(AccessObservation observation);
}
