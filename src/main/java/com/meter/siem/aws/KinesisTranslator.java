package com.meter.siem.aws;

import com.meter.siem.health.StreamStatus;
import com.meter.siem.integration.StreamLifecycle;
import com.meter.siem.integration.StreamMode;
import com.meter.siem.provisioning.StreamState;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.kinesis.model.EncryptionType;
import software.amazon.awssdk.services.kinesis.model.EnhancedMetrics;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamModeDetails;

/**
 * Kinesis's answers in each domain's terms, and the domain's settings in Kinesis's: one DescribeStreamSummary
 * read as provisioning's {@link StreamState} and as health's {@link StreamStatus}, neither built from the other.
 */
final class KinesisTranslator {
    private KinesisTranslator() {
    }

    static StreamState streamState(StreamDescriptionSummary summary, Map<String, String> tags) {
        return new StreamState(summary.streamARN(), lifecycle(summary), mode(summary), openShardCount(summary),
                summary.retentionPeriodHours(), shardLevelMetrics(summary), kmsKeyId(summary), tags);
    }

    static StreamStatus streamStatus(StreamDescriptionSummary summary) {
        return new StreamStatus(
                summary.streamName(),
                summary.streamARN(),
                lifecycle(summary),
                mode(summary),
                openShardCount(summary),
                summary.retentionPeriodHours(),
                shardLevelMetrics(summary),
                kmsKeyId(summary),
                summary.streamCreationTimestamp());
    }

    static StreamModeDetails modeDetails(StreamMode mode) {
        return StreamModeDetails.builder().streamMode(mode.name()).build();
    }

    /** @throws IllegalStateException for a status newer than this SDK, rather than guess what it allows */
    private static StreamLifecycle lifecycle(StreamDescriptionSummary summary) {
        return switch (summary.streamStatus()) {
            case CREATING -> StreamLifecycle.CREATING;
            case DELETING -> StreamLifecycle.DELETING;
            case ACTIVE -> StreamLifecycle.ACTIVE;
            case UPDATING -> StreamLifecycle.UPDATING;
            case UNKNOWN_TO_SDK_VERSION -> throw new IllegalStateException(
                    "Kinesis reported stream status %s, unknown to this SDK".formatted(summary.streamStatusAsString()));
        };
    }

    /** Streams created before capacity modes existed report none: they are provisioned. */
    private static StreamMode mode(StreamDescriptionSummary summary) {
        return summary.streamModeDetails() == null ? StreamMode.PROVISIONED
                : StreamMode.valueOf(summary.streamModeDetails().streamModeAsString());
    }

    private static int openShardCount(StreamDescriptionSummary summary) {
        return summary.openShardCount() == null ? 0 : summary.openShardCount();
    }

    private static Set<String> shardLevelMetrics(StreamDescriptionSummary summary) {
        Set<String> metrics = new HashSet<>();
        for (EnhancedMetrics enhanced : summary.enhancedMonitoring()) {
            metrics.addAll(enhanced.shardLevelMetricsAsStrings());
        }
        return metrics;
    }

    /** Empty when the stream is not encrypted. */
    private static String kmsKeyId(StreamDescriptionSummary summary) {
        boolean encrypted = summary.encryptionType() == EncryptionType.KMS;
        return encrypted && summary.keyId() != null ? summary.keyId() : "";
    }
}
