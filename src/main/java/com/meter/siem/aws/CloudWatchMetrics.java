package com.meter.siem.aws;

import com.meter.siem.health.MetricSeries;
import com.meter.siem.health.MetricsReader;
import com.meter.siem.health.StreamMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.cloudwatch.model.StatusCode;

/**
 * {@link MetricsReader} on CloudWatch GetMetricData: three per-minute queries a stream, all streams in
 * one request, split only past the API's 500 queries a request. A result that CloudWatch marks as not
 * Complete, or a stream it does not answer for, comes back as unavailable.
 */
public final class CloudWatchMetrics implements MetricsReader {
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
        List<MetricDataQuery> queries = new ArrayList<>();
        for (int stream = 0; stream < streamNames.size(); stream++) {
            for (int metric = 0; metric < METRICS.size(); metric++) {
                queries.add(query(queryId(stream, metric), streamNames.get(stream), METRICS.get(metric)));
            }
        }
        Map<String, Map<Instant, Double>> points = new HashMap<>();
        Map<String, Boolean> complete = new HashMap<>();
        for (int from = 0; from < queries.size(); from += MAX_QUERIES_PER_CALL) {
            List<MetricDataQuery> batch = queries.subList(from, Math.min(queries.size(), from + MAX_QUERIES_PER_CALL));
            // The paginator follows NextToken, which CloudWatch uses past 100,800 datapoints a response.
            for (GetMetricDataResponse page : cloudWatch.getMetricDataPaginator(r -> r.metricDataQueries(batch)
                    .startTime(start).endTime(end).scanBy(ScanBy.TIMESTAMP_ASCENDING))) {
                for (MetricDataResult result : page.metricDataResults()) {
                    Map<Instant, Double> series = points.computeIfAbsent(result.id(), id -> new HashMap<>());
                    for (int i = 0; i < result.timestamps().size(); i++) {
                        series.merge(result.timestamps().get(i), result.values().get(i), Double::sum);
                    }
                    complete.merge(result.id(), result.statusCode() == StatusCode.COMPLETE, Boolean::logicalAnd);
                }
            }
        }
        Map<String, StreamMetrics> metrics = new HashMap<>();
        for (int stream = 0; stream < streamNames.size(); stream++) {
            metrics.put(streamNames.get(stream), new StreamMetrics(series(points, complete, queryId(stream, 0)),
                    series(points, complete, queryId(stream, 1)), series(points, complete, queryId(stream, 2))));
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

    private static MetricSeries series(Map<String, Map<Instant, Double>> points, Map<String, Boolean> complete,
                                       String id) {
        if (!complete.getOrDefault(id, false)) {
            return MetricSeries.unavailable();
        }
        return MetricSeries.of(points.getOrDefault(id, Map.of()));
    }
}
