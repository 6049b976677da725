package com.meter.siem.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.meter.siem.health.MetricsReader;
import com.meter.siem.health.StreamMetrics;
import com.meter.siem.testing.FaultProxy;
import com.meter.siem.testing.MotoExtension;
import com.meter.siem.testing.MotoServer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;

@ExtendWith(MotoExtension.class)
class CloudWatchMetricsIT {
    private final AtomicInteger calls = new AtomicInteger();
    private final CloudWatchClient cloudWatch = CloudWatchClient.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
                @Override
                public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                    calls.incrementAndGet();
                }
            })).build();

    @Test
    void read_whenAsManyStreamsAsTheConfigurationAllows_makesOneRequest() {
        List<String> streams = IntStream.range(0, MetricsReader.MAX_STREAMS).mapToObj(i -> "stream-" + i).toList();
        Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES);

        Map<String, StreamMetrics> metrics = new CloudWatchMetrics(cloudWatch).read(streams, end.minusSeconds(600), end);

        assertEquals(1, calls.get(), "3 queries x 166 streams = 498 queries, within the 500 of one request");
        assertEquals(MetricsReader.MAX_STREAMS, metrics.size());
        assertTrue(metrics.values().stream().allMatch(StreamMetrics::complete));
    }

    @Test
    void read_whenTheAnswerComesInPages_mergesThemIntoCompleteSeries() {
        Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        for (String stream : List.of("siem-a", "siem-b")) {
            for (int minute = 1; minute <= 20; minute++) {
                put(stream, "IncomingRecords", end.minusSeconds(60L * minute), minute);
                put(stream, "IncomingBytes", end.minusSeconds(60L * minute), 1000 * minute);
            }
        }
        Map<String, StreamMetrics> whole = new CloudWatchMetrics(cloudWatch).read(List.of("siem-a", "siem-b"),
                end.minusSeconds(3600), end);

        Map<String, StreamMetrics> paged;
        try (FaultProxy cloudWatchAsAws = new FaultProxy(MotoServer.endpoint())) {
            cloudWatchAsAws.pageMetricData(15);
            paged = new CloudWatchMetrics(AwsClients.fromEnvironment().withEndpoint(cloudWatchAsAws.endpoint())
                    .cloudWatch()).read(List.of("siem-a", "siem-b"), end.minusSeconds(3600), end);
            assertEquals(6, cloudWatchAsAws.calls().stream().filter(c -> c.equals("monitoring:GetMetricData")).count(),
                    "80 datapoints in pages of 15: one request, answered in 6 pages");
        }

        assertEquals(whole, paged);
        assertTrue(paged.values().stream().allMatch(StreamMetrics::complete), paged::toString);
        assertEquals(20, paged.get("siem-b").incomingBytes().points().size());
    }

    private void put(String stream, String metric, Instant at, double value) {
        cloudWatch.putMetricData(r -> r.namespace("AWS/Kinesis").metricData(MetricDatum.builder()
                .metricName(metric).value(value).timestamp(at)
                .dimensions(d -> d.name("StreamName").value(stream)).build()));
    }
}
