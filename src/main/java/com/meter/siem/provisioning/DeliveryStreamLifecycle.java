package com.meter.siem.provisioning;

/** Where a Firehose delivery stream stands, as Firehose names it (its DeliveryStreamStatus). */
public enum DeliveryStreamLifecycle {
    CREATING,
    /** Firehose gave up creating it; its failure description says why. */
    CREATING_FAILED,
    DELETING,
    DELETING_FAILED,
    ACTIVE;

    /** Only an ACTIVE stream reads its source and delivers. */
    public boolean isActive() {
        return this == ACTIVE;
    }

    /** Firehose leaves a failed stream as it is: waiting longer cannot make it ACTIVE. */
    public boolean hasFailed() {
        return this == CREATING_FAILED || this == DELETING_FAILED;
    }
}
