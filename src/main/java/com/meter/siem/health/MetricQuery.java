package com.meter.siem.health;

/**
 * One series a run asks CloudWatch for: a metric of a stream, or of one of its enhanced fan-out
 * consumers.
 *
 * @param consumerName the consumer's name for a consumer metric, empty for a stream metric
 */
public record MetricQuery(String streamName, String consumerName, KinesisMetric metric) {
    public MetricQuery {
        if (metric.perConsumer() == consumerName.isEmpty()) {
            throw new IllegalArgumentException(metric + " is " + (metric.perConsumer() ? "" : "not ")
                    + "a consumer metric");
        }
    }

    public static MetricQuery of(String streamName, KinesisMetric metric) {
        return new MetricQuery(streamName, "", metric);
    }

    public static MetricQuery ofConsumer(String streamName, String consumerName, KinesisMetric metric) {
        return new MetricQuery(streamName, consumerName, metric);
    }
}
