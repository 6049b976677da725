package com.meter.siem.health;

/** One named rule over what a run saw of a stream. */
public interface StreamCheck {
    Finding evaluate(StreamObservation observation);
}
