package com.meter.siem.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.meter.siem.health.KinesisMetric;
import com.meter.siem.health.MetricPlan;
import com.meter.siem.health.MetricQuery;
import com.meter.siem.health.MetricSeries;
import com.meter.siem.health.MetricsReader;
import com.meter.siem.testing.FaultProxy;
import com.meter.siem.testing.MotoExtension;
import com.meter.siem.testing.MotoServer;
import com.meter.siem.testing.SdkCalls;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;

@ExtendWith(MotoExtension.class)
class CloudWatchMetricsIT {
    private final SdkCalls calls = new SdkCalls();
    private final CloudWatchClient cloudWatch = CloudWatchClient.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(c -> c.addExecutionInterceptor(calls)).build();

    @Test
    void read_whenAsManyStreamsAndConsumersAsTheConfigurationAllows_makesOneRequest() {
        List<String> streams = IntStream.range(0, MetricPlan.MAX_STREAMS).mapToObj(i -> "stream-" + i).toList();
        List<MetricQuery> queries = new ArrayList<>();
        for (String stream : streams) {
            for (KinesisMetric metric : List.of(KinesisMetric.INCOMING_RECORDS, KinesisMetric.INCOMING_BYTES,
                    KinesisMetric.THROTTLED_WRITES)) {
                queries.add(MetricQuery.of(stream, metric));
            }
        }
        for (KinesisMetric metric : List.of(KinesisMetric.THROTTLED_READS, KinesisMetric.RECORDS_READ,
                KinesisMetric.ITERATOR_AGE)) {
            queries.add(MetricQuery.of("stream-0", metric));
        }
        for (int consumer = 0; consumer < MetricPlan.MAX_CONSUMERS; consumer++) {
            queries.add(MetricQuery.ofConsumer("stream-0", "siem-" + consumer, KinesisMetric.CONSUMER_LAG));
            queries.add(MetricQuery.ofConsumer("stream-0", "siem-" + consumer, KinesisMetric.CONSUMER_RECORDS));
        }
        Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES);

        Map<MetricQuery, MetricSeries> metrics = new CloudWatchMetrics(cloudWatch).read(queries,
                end.minusSeconds(600), end);

        assertEquals(499, queries.size(), "132 streams x 3, 3 read-side, 50 consumers x 2");
        assertEquals(1, calls.total());
        assertEquals(queries.size(), metrics.size());
        assertTrue(metrics.values().stream().allMatch(MetricSeries::complete));
    }

    @Test
    void read_whenMoreQueriesThanOneRequestHolds_refusesBeforeCalling() {
        List<MetricQuery> queries = IntStream.rangeClosed(0, MetricsReader.MAX_QUERIES)
                .mapToObj(i -> MetricQuery.of("stream-" + i, KinesisMetric.INCOMING_RECORDS)).toList();
        Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES);

        assertThrows(IllegalArgumentException.class, () -> new CloudWatchMetrics(cloudWatch).read(queries,
                end.minusSeconds(600), end));
        assertEquals(0, calls.total());
    }

    @Test
    void read_whenStreamAndConsumerMetricsShareANameAndStream_keepsEachSeriesToItsQuery() {
        Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        put("GetRecords.IteratorAgeMilliseconds", end.minusSeconds(120), 1_000, stream("siem"));
        put("SubscribeToShardEvent.MillisBehindLatest", end.minusSeconds(120), 7_000, stream("siem"),
                Dimension.builder().name("ConsumerName").value("efo-a").build());
        put("SubscribeToShardEvent.MillisBehindLatest", end.minusSeconds(120), 9_000, stream("siem"),
                Dimension.builder().name("ConsumerName").value("efo-b").build());
        put("SubscribeToShardEvent.MillisBehindLatest", end.minusSeconds(120), 2_000, stream("siem"),
                Dimension.builder().name("ConsumerName").value("efo-a").build());
        MetricQuery classic = MetricQuery.of("siem", KinesisMetric.ITERATOR_AGE);
        MetricQuery consumerA = MetricQuery.ofConsumer("siem", "efo-a", KinesisMetric.CONSUMER_LAG);
        MetricQuery consumerB = MetricQuery.ofConsumer("siem", "efo-b", KinesisMetric.CONSUMER_LAG);

        Map<MetricQuery, MetricSeries> metrics = new CloudWatchMetrics(cloudWatch).read(
                List.of(consumerB, classic, consumerA), end.minusSeconds(600), end);

        assertEquals(1_000, metrics.get(classic).maxSince(end.minusSeconds(600)));
        assertEquals(7_000, metrics.get(consumerA).maxSince(end.minusSeconds(600)), "Maximum, not Sum");
        assertEquals(9_000, metrics.get(consumerB).maxSince(end.minusSeconds(600)));
    }

    @Test
    void read_whenTheAnswerComesInPages_mergesThemIntoCompleteSeries() {
        Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        List<MetricQuery> queries = new ArrayList<>();
        for (String stream : List.of("siem-a", "siem-b")) {
            for (int minute = 1; minute <= 20; minute++) {
                put("IncomingRecords", end.minusSeconds(60L * minute), minute, stream(stream));
                put("IncomingBytes", end.minusSeconds(60L * minute), 1000 * minute, stream(stream));
            }
            for (KinesisMetric metric : List.of(KinesisMetric.INCOMING_RECORDS, KinesisMetric.INCOMING_BYTES,
                    KinesisMetric.THROTTLED_WRITES)) {
                queries.add(MetricQuery.of(stream, metric));
            }
        }
        Map<MetricQuery, MetricSeries> whole = new CloudWatchMetrics(cloudWatch).read(queries, end.minusSeconds(3600),
                end);

        Map<MetricQuery, MetricSeries> paged;
        try (FaultProxy cloudWatchAsAws = new FaultProxy(MotoServer.endpoint())) {
            cloudWatchAsAws.pageMetricData(15);
            paged = new CloudWatchMetrics(AwsClients.fromEnvironment().withEndpoint(cloudWatchAsAws.endpoint())
                    .cloudWatch()).read(queries, end.minusSeconds(3600), end);
            assertEquals(6, cloudWatchAsAws.calls().stream().filter(c -> c.equals("monitoring:GetMetricData")).count(),
                    "80 datapoints in pages of 15: one request, answered in 6 pages");
        }

        assertEquals(whole, paged);
        assertTrue(paged.values().stream().allMatch(MetricSeries::complete), paged::toString);
        assertEquals(20, paged.get(MetricQuery.of("siem-b", KinesisMetric.INCOMING_BYTES)).points().size());
    }

    private static Dimension stream(String name) {
        return Dimension.builder().name("StreamName").value(name).build();
    }

    private void put(String metric, Instant at, double value, Dimension... dimensions) {
        cloudWatch.putMetricData(r -> r.namespace("AWS/Kinesis").metricData(MetricDatum.builder()
                .metricName(metric).value(value).timestamp(at).dimensions(dimensions).build()));
    }
}
