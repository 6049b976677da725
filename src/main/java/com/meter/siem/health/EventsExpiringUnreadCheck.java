package com.meter.siem.health;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A data-loss guard: Kinesis deletes events when the retention period ends, read or not. The reader
 * furthest behind (classic readers by GetRecords.IteratorAgeMilliseconds, each enhanced fan-out consumer
 * by SubscribeToShardEvent.MillisBehindLatest) is set against the stream's retention.
 */
record EventsExpiringUnreadCheck(Duration window, int warningPercent, int criticalPercent) implements StreamCheck {
    static final String NAME = "EventsExpiringUnread";

    private record Behind(String reader, String metric, double millis) {
    }

    @Override
    public Finding evaluate(StreamObservation observation) {
        String unknown = observation.whyNoReaders();
        if (unknown != null) {
            return Finding.unknown(NAME, Severity.WARNING, unknown);
        }
        ReadMetrics reads = observation.metrics().reads();
        Instant from = observation.windowEnd().minus(window);
        List<Behind> readers = new ArrayList<>();
        reads.iteratorAge().latestSince(from).ifPresent(age -> readers.add(new Behind("classic readers (GetRecords)",
                KinesisMetric.ITERATOR_AGE.metricName(), age.getValue())));
        for (Map.Entry<String, ReadMetrics.ConsumerMetrics> consumer : reads.consumers().entrySet()) {
            consumer.getValue().lag().latestSince(from).ifPresent(lag -> readers.add(new Behind(
                    "enhanced fan-out consumer " + consumer.getKey(), KinesisMetric.CONSUMER_LAG.metricName(),
                    lag.getValue())));
        }
        if (readers.isEmpty()) {
            return Finding.ok(NAME, Severity.WARNING, "no reader reported its position in the last "
                    + Windows.describe(window));
        }
        Behind furthest = readers.stream().max(Comparator.comparingDouble(Behind::millis)).orElseThrow();
        StreamStatus status = observation.status();
        Duration retention = Duration.ofHours(status.retentionHours());
        Duration age = Duration.ofMillis((long) furthest.millis());
        double percent = 100 * furthest.millis() / retention.toMillis();
        if (percent < warningPercent) {
            return Finding.ok(NAME, Severity.WARNING, "the furthest reader is %s behind, %.0f%% of retention"
                    .formatted(Windows.roughly(age), percent));
        }
        return new Finding(NAME, percent >= criticalPercent ? Severity.CRITICAL : Severity.WARNING, CheckStatus.FAILING,
                ("Events in Kinesis stream %s are expiring unread: the oldest not yet read by %s are %s old, and"
                        + " Kinesis deletes them in about %s.").formatted(status.name(), furthest.reader(),
                        Windows.roughly(age), Windows.roughly(retention.minus(age).isNegative() ? Duration.ZERO
                                : retention.minus(age))),
                "%s behind (%s Maximum): %.0f%% of the %d-hour retention".formatted(Windows.roughly(age),
                        furthest.metric(), percent, status.retentionHours()),
                "below %d%% of retention (CRITICAL from %d%%)".formatted(warningPercent, criticalPercent),
                Windows.span(observation.windowEnd(), window),
                "The usual causes: the reader is down or too slow (read its logs and errors, then restart or scale"
                        + " it out), or the stream has too few shards for the read rate (classic readers share 2 MB/s"
                        + " per shard). Choose: fix the reader, which is the cure, or raise KinesisRetentionHours and"
                        + " deploy with `sam deploy`, which only buys time (longer retention costs more). Events older"
                        + " than the retention period are gone, read or not.");
    }
}
