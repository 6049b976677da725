package com.meter.siem.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Meter's events arrive but nothing takes them out: no record read by a classic reader
 * (GetRecords.Records) or delivered to an enhanced fan-out consumer (SubscribeToShardEvent.Records) since
 * the oldest record still waiting arrived, for longer than the window.
 */
record StreamNotReadCheck(Duration window) implements StreamCheck {
    static final String NAME = "StreamNotRead";

    @Override
    public Finding evaluate(StreamObservation observation) {
        String unknown = observation.whyNoReaders();
        if (unknown != null) {
            return Finding.unknown(NAME, Severity.WARNING, unknown);
        }
        ReadMetrics reads = observation.metrics().reads();
        Optional<Instant> lastRead = Stream.concat(Stream.of(reads.recordsRead()),
                        reads.consumers().values().stream().map(ReadMetrics.ConsumerMetrics::recordsDelivered))
                .flatMap(series -> series.lastPositive().stream()).max(Instant::compareTo);
        MetricSeries incoming = observation.metrics().incomingRecords();
        Optional<Instant> firstUnread = incoming.firstPositiveAfter(lastRead.orElse(Instant.MIN));
        Duration waiting = firstUnread.map(t -> Duration.between(t, observation.windowEnd())).orElse(Duration.ZERO);
        if (waiting.compareTo(window) < 0) {
            return Finding.ok(NAME, Severity.WARNING, firstUnread.isEmpty() ? "no record waits unread"
                    : "records wait unread for %s".formatted(Windows.roughly(waiting)));
        }
        StreamStatus status = observation.status();
        return new Finding(NAME, Severity.WARNING, CheckStatus.FAILING,
                "The SIEM is not reading Kinesis stream %s: %.0f records arrived since %s and no reader took any."
                        .formatted(status.name(), incoming.sumSince(firstUnread.get()), Windows.time(firstUnread.get())),
                "0 records read (GetRecords.Records and SubscribeToShardEvent.Records Sum) for " + Windows.roughly(
                        waiting), "records read within " + Windows.describe(window) + " of arriving",
                Windows.span(observation.windowEnd(), waiting),
                ("Check the SIEM's Kinesis input: that it is enabled and running, reads stream %s, and may call"
                        + " kinesis:GetShardIterator and kinesis:GetRecords (or kinesis:SubscribeToShard as an"
                        + " enhanced fan-out consumer), and kms:Decrypt when the stream uses a customer managed key."
                        + " Unread events are deleted after %d hours.").formatted(status.arn(), status.retentionHours()));
    }
}
