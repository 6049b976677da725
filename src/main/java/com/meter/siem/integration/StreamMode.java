package com.meter.siem.integration;

/** Kinesis capacity modes, named as the Kinesis API names them. */
public enum StreamMode {
    PROVISIONED,
    ON_DEMAND
}
