package com.meter.siem.health;

import java.util.Optional;

/** DescribeStreamSummary, in domain terms. */
public interface StreamStatusReader {
    Optional<StreamStatus> status(String streamName);
}
