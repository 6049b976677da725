package com.meter.siem.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.meter.siem.health.StreamMetrics;
import com.meter.siem.testing.MotoExtension;
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
    void read_whenStreamsNeedMoreThan500Queries_splitsIntoAsFewCallsAsTheLimitAllows() {
        List<String> streams = IntStream.range(0, 200).mapToObj(i -> "stream-" + i).toList();
        Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES);

        Map<String, StreamMetrics> metrics = new CloudWatchMetrics(cloudWatch).read(streams, end.minusSeconds(600), end);

        assertEquals(2, calls.get(), "3 queries x 200 streams = 600 queries: ceil(600 / 500) = 2 calls");
        assertEquals(200, metrics.size());
        assertTrue(metrics.values().stream().allMatch(StreamMetrics::complete));
    }
}
