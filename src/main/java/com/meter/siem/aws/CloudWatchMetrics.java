package com.meter.siem.aws;

import com.meter.siem.health.MetricQuery;
import com.meter.siem.health.MetricSeries;
import com.meter.siem.health.MetricsReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.cloudwatch.model.StatusCode;

/**
 * {@link MetricsReader} on CloudWatch GetMetricData: one per-minute query a series, all in one request,
 * whose answer may come in pages. A result that CloudWatch does not finish as Complete, or a query it
 * does not answer, comes back as unavailable.
 */
public final class CloudWatchMetrics implements MetricsReader {
    private static final int PERIOD_SECONDS = 60;
    private static final String NAMESPACE = "AWS/Kinesis";

    private final CloudWatchClient cloudWatch;

    public CloudWatchMetrics(CloudWatchClient cloudWatch) {
        this.cloudWatch = cloudWatch;
    }

    @Override
    public Map<MetricQuery, MetricSeries> read(List<MetricQuery> queries, Instant start, Instant end) {
        if (queries.size() > MAX_QUERIES) {
            throw new IllegalArgumentException("%d queries are more than one GetMetricData request takes (%d)"
                    .formatted(queries.size(), MAX_QUERIES));
        }
        // Query ids must start with a lower-case letter; names cannot be used as they are.
        Map<String, MetricQuery> byId = new HashMap<>();
        List<MetricDataQuery> requests = new ArrayList<>();
        for (MetricQuery query : queries) {
            String id = "q" + byId.size();
            byId.put(id, query);
            requests.add(request(id, query));
        }
        Map<String, Map<Instant, Double>> points = new HashMap<>();
        Map<String, StatusCode> lastStatus = new HashMap<>();
        Set<String> failed = new HashSet<>();
        // Past 100,800 datapoints CloudWatch answers in pages: every page but the last marks the results it
        // continues PartialData, so a result is complete when the last page carrying it says Complete. An
        // error on any page leaves a gap the later pages do not fill.
        for (GetMetricDataResponse page : cloudWatch.getMetricDataPaginator(r -> r.metricDataQueries(requests)
                .startTime(start).endTime(end).scanBy(ScanBy.TIMESTAMP_ASCENDING))) {
            for (MetricDataResult result : page.metricDataResults()) {
                Map<Instant, Double> series = points.computeIfAbsent(result.id(), id -> new HashMap<>());
                for (int i = 0; i < result.timestamps().size(); i++) {
                    series.merge(result.timestamps().get(i), result.values().get(i), Double::sum);
                }
                lastStatus.put(result.id(), result.statusCode());
                if (result.statusCode() != StatusCode.COMPLETE && result.statusCode() != StatusCode.PARTIAL_DATA) {
                    failed.add(result.id());
                }
            }
        }
        Map<MetricQuery, MetricSeries> answer = new HashMap<>();
        byId.forEach((id, query) -> {
            boolean complete = lastStatus.get(id) == StatusCode.COMPLETE && !failed.contains(id);
            answer.put(query, complete ? MetricSeries.of(points.get(id)) : MetricSeries.unavailable());
        });
        return answer;
    }

    private static MetricDataQuery request(String id, MetricQuery query) {
        List<Dimension> dimensions = new ArrayList<>();
        dimensions.add(Dimension.builder().name("StreamName").value(query.streamName()).build());
        if (!query.consumerName().isEmpty()) {
            dimensions.add(Dimension.builder().name("ConsumerName").value(query.consumerName()).build());
        }
        return MetricDataQuery.builder()
                .id(id)
                .returnData(true)
                .metricStat(stat -> stat.period(PERIOD_SECONDS).stat(query.metric().statistic())
                        .metric(metric -> metric.namespace(NAMESPACE).metricName(query.metric().metricName())
                                .dimensions(dimensions)))
                .build();
    }
}
