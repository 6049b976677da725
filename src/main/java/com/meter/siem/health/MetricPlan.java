package com.meter.siem.health;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Which series one run reads, all in one GetMetricData request: the write side of every monitored
 * stream, and the read side (classic readers and each enhanced fan-out consumer) of the stream the
 * SIEM reads. The bound on streams keeps the request within {@link MetricsReader#MAX_QUERIES} with
 * every consumer Kinesis lets a stream register.
 */
public final class MetricPlan {
    static final List<KinesisMetric> WRITE_SIDE = List.of(KinesisMetric.INCOMING_RECORDS,
            KinesisMetric.INCOMING_BYTES, KinesisMetric.THROTTLED_WRITES);
    static final List<KinesisMetric> READ_SIDE = List.of(KinesisMetric.THROTTLED_READS, KinesisMetric.RECORDS_READ,
            KinesisMetric.ITERATOR_AGE);
    static final List<KinesisMetric> PER_CONSUMER = List.of(KinesisMetric.CONSUMER_LAG,
            KinesisMetric.CONSUMER_RECORDS);
    /** Kinesis registers at most 20 consumers a stream (50 for On-demand Advantage streams). */
    public static final int MAX_CONSUMERS = 50;
    /** 132 streams: 396 write-side queries, 3 read-side and 100 for 50 consumers make 499 of 500. */
    public static final int MAX_STREAMS = (MetricsReader.MAX_QUERIES - READ_SIDE.size()
            - MAX_CONSUMERS * PER_CONSUMER.size()) / WRITE_SIDE.size();

    private MetricPlan() {
    }

    /**
     * @param readStream the stream whose read side is watched, or empty for none
     * @param consumers that stream's registered consumers
     */
    static List<MetricQuery> queries(List<String> streams, String readStream, List<String> consumers) {
        List<MetricQuery> queries = new ArrayList<>();
        for (String stream : streams) {
            WRITE_SIDE.forEach(metric -> queries.add(MetricQuery.of(stream, metric)));
            if (stream.equals(readStream)) {
                READ_SIDE.forEach(metric -> queries.add(MetricQuery.of(stream, metric)));
                for (String consumer : consumers) {
                    PER_CONSUMER.forEach(metric -> queries.add(MetricQuery.ofConsumer(stream, consumer, metric)));
                }
            }
        }
        return queries;
    }

    /** The stream's series out of a run's answer; what the answer lacks is unavailable. */
    static StreamMetrics metrics(String stream, Map<MetricQuery, MetricSeries> answer, boolean readSide,
                                 List<String> consumers, boolean consumersListed) {
        Function<KinesisMetric, MetricSeries> series = metric -> answer.getOrDefault(MetricQuery.of(stream, metric),
                MetricSeries.unavailable());
        ReadMetrics reads = null;
        if (readSide) {
            Map<String, ReadMetrics.ConsumerMetrics> byConsumer = new TreeMap<>();
            for (String consumer : consumers) {
                Function<KinesisMetric, MetricSeries> of = metric -> answer.getOrDefault(
                        MetricQuery.ofConsumer(stream, consumer, metric), MetricSeries.unavailable());
                byConsumer.put(consumer, new ReadMetrics.ConsumerMetrics(of.apply(KinesisMetric.CONSUMER_LAG),
                        of.apply(KinesisMetric.CONSUMER_RECORDS)));
            }
            reads = new ReadMetrics(series.apply(KinesisMetric.THROTTLED_READS),
                    series.apply(KinesisMetric.RECORDS_READ), series.apply(KinesisMetric.ITERATOR_AGE), byConsumer,
                    consumersListed);
        }
        return new StreamMetrics(series.apply(KinesisMetric.INCOMING_RECORDS),
                series.apply(KinesisMetric.INCOMING_BYTES), series.apply(KinesisMetric.THROTTLED_WRITES), reads);
    }
}
