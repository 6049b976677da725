package com.meter.siem.aws;

import com.meter.siem.health.MetricSeries;
import com.meter.siem.health.MetricsReader;
import com.meter.siem.health.StreamMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.cloudwatch.model.StatusCode;

/**
 * {@link MetricsReader} on CloudWatch GetMetricData: three per-minute queries a stream, all streams in
 * one request, whose answer may come in pages. A result that CloudWatch does not finish as Complete, or a
 * stream it does not answer for, comes back as unavailable.
 */
public final class CloudWatchMetrics implements MetricsReader {
    /** What one GetMetricData request may hold. */
    static final int MAX_QUERIES_PER_CALL = 500;
    private static final int PERIOD_SECONDS = 60;
    private static final String NAMESPACE = "AWS/Kinesis";
    private static final List<String> METRICS = List.of("IncomingRecords", "IncomingBytes",
            "WriteProvisionedThroughputExceeded");

    private final CloudWatchClient cloudWatch;

    public CloudWatchMetrics(CloudWatchClient cloudWatch) {
        this.cloudWatch = cloudWatch;
    }

    @Override
    public Map<String, StreamMetrics> read(List<String> streamNames, Instant start, Instant end) {
        if (streamNames.size() * METRICS.size() > MAX_QUERIES_PER_CALL) {
            throw new IllegalArgumentException("%d streams need more queries than one GetMetricData request takes (%d)"
                    .formatted(streamNames.size(), MAX_QUERIES_PER_CALL));
        }
        List<MetricDataQuery> queries = new ArrayList<>();
        for (int stream = 0; stream < streamNames.size(); stream++) {
            for (int metric = 0; metric < METRICS.size(); metric++) {
                queries.add(query(queryId(stream, metric), streamNames.get(stream), METRICS.get(metric)));
            }
        }
        Map<String, Map<Instant, Double>> points = new HashMap<>();
        Map<String, StatusCode> lastStatus = new HashMap<>();
        Set<String> failed = new HashSet<>();
        // Past 100,800 datapoints CloudWatch answers in pages: every page but the last marks the results it
        // continues PartialData, so a result is complete when the last page carrying it says Complete. An
        // error on any page leaves a gap the later pages do not fill.
        for (GetMetricDataResponse page : cloudWatch.getMetricDataPaginator(r -> r.metricDataQueries(queries)
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
        Map<String, StreamMetrics> metrics = new HashMap<>();
        for (int stream = 0; stream < streamNames.size(); stream++) {
            List<MetricSeries> series = new ArrayList<>();
            for (int metric = 0; metric < METRICS.size(); metric++) {
                String id = queryId(stream, metric);
                boolean complete = lastStatus.get(id) == StatusCode.COMPLETE && !failed.contains(id);
                series.add(complete ? MetricSeries.of(points.get(id)) : MetricSeries.unavailable());
            }
            metrics.put(streamNames.get(stream), new StreamMetrics(series.get(0), series.get(1), series.get(2)));
        }
        return metrics;
    }

    /** Query ids must start with a lower-case letter; stream names cannot be used as they are. */
    private static String queryId(int stream, int metric) {
        return "s" + stream + "m" + metric;
    }

    private static MetricDataQuery query(String id, String streamName, String metricName) {
        return MetricDataQuery.builder()
                .id(id)
                .returnData(true)
                .metricStat(stat -> stat.period(PERIOD_SECONDS).stat("Sum")
                        .metric(metric -> metric.namespace(NAMESPACE).metricName(metricName)
                                .dimensions(d -> d.name("StreamName").value(streamName))))
                .build();
    }
}
