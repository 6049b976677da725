package com.meter.siem.health;

/** Records findings and capacity as metrics, for the dashboard. */
public interface FindingRecorder {
    void record(String streamName, Finding finding);

    /** What the stream's open shards accept per minute; nothing for ON_DEMAND streams. */
    void capacity(String streamName, double recordsPerMinute, double bytesPerMinute);
}
