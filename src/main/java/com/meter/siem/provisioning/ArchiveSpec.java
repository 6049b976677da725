package com.meter.siem.provisioning;

/**
 * The archive's delivery stream as the template describes it: Firehose reads the integration's stream
 * with {@code deliveryRoleArn} and writes compressed, buffered objects under {@code prefix} in the bucket.
 */
public record ArchiveSpec(String sourceStreamArn, String deliveryRoleArn, String bucketArn, String prefix,
                          String errorOutputPrefix, Compression compression, int bufferSizeMiB,
                          int bufferIntervalSeconds, String logGroupName, String logStreamName) {

    /** Firehose's compression formats for an S3 destination, spelled as its API spells them. */
    public enum Compression { GZIP, UNCOMPRESSED, ZIP, Snappy, HADOOP_SNAPPY }
}
