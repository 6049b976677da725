package com.meter.siem.integration;

/** Where a Kinesis stream stands, as Kinesis names it (its StreamStatus). */
public enum StreamLifecycle {
    CREATING,
    /** Takes no writes; once it is gone, its name can be used again. */
    DELETING,
    ACTIVE,
    /** A shard, mode or encryption change in progress: writes still succeed. */
    UPDATING
}
