package com.meter.siem.health;

/**
 * The AWS/Kinesis metrics the checks read, each with the statistic they need. Stream metrics carry the
 * StreamName dimension; consumer metrics StreamName and ConsumerName, and exist only for registered
 * enhanced fan-out consumers.
 */
public enum KinesisMetric {
    INCOMING_RECORDS("IncomingRecords", "Sum", false),
    INCOMING_BYTES("IncomingBytes", "Sum", false),
    THROTTLED_WRITES("WriteProvisionedThroughputExceeded", "Sum", false),
    THROTTLED_READS("ReadProvisionedThroughputExceeded", "Sum", false),
    RECORDS_READ("GetRecords.Records", "Sum", false),
    /** The age of the last record GetRecords returned: Maximum is the reader furthest behind. */
    ITERATOR_AGE("GetRecords.IteratorAgeMilliseconds", "Maximum", false),
    CONSUMER_LAG("SubscribeToShardEvent.MillisBehindLatest", "Maximum", true),
    CONSUMER_RECORDS("SubscribeToShardEvent.Records", "Sum", true);

    private final String metricName;
    private final String statistic;
    private final boolean perConsumer;

    KinesisMetric(String metricName, String statistic, boolean perConsumer) {
        this.metricName = metricName;
        this.statistic = statistic;
        this.perConsumer = perConsumer;
    }

    public String metricName() {
        return metricName;
    }

    public String statistic() {
        return statistic;
    }

    boolean perConsumer() {
        return perConsumer;
    }
}
