package com.meter.siem.handler;

import com.meter.siem.health.CheckStatus;
import com.meter.siem.health.Finding;
import com.meter.siem.health.FindingRecorder;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Findings and capacity as CloudWatch metrics through Powertools (embedded metric format, so no API
 * call): CheckFailing is 1 or 0 per check and stream, and the dashboard plots it over time. Dimensions
 * are exactly StreamName (and Check), without Powertools' default Service dimension, which the
 * dashboard's queries do not name.
 */
final class PowertoolsFindingRecorder implements FindingRecorder {
    private final Metrics metrics;
    private final String namespace;

    PowertoolsFindingRecorder(Metrics metrics, String namespace) {
        this.metrics = metrics;
        this.namespace = namespace;
    }

    @Override
    public void record(String streamName, Finding finding) {
        if (finding.status() == CheckStatus.UNKNOWN) {
            return;
        }
        metrics.flushMetrics(m -> {
            m.setNamespace(namespace);
            m.clearDefaultDimensions();
            m.addDimension(DimensionSet.of("StreamName", streamName, "Check", finding.check()));
            m.addMetric("CheckFailing", finding.status() == CheckStatus.FAILING ? 1 : 0, MetricUnit.COUNT);
        });
    }

    @Override
    public void capacity(String streamName, double recordsPerMinute, double bytesPerMinute) {
        metrics.flushMetrics(m -> {
            m.setNamespace(namespace);
            m.clearDefaultDimensions();
            m.addDimension(DimensionSet.of("StreamName", streamName));
            m.addMetric("WriteCapacityRecordsPerMinute", recordsPerMinute, MetricUnit.COUNT);
            m.addMetric("WriteCapacityBytesPerMinute", bytesPerMinute, MetricUnit.BYTES);
        });
    }
}
