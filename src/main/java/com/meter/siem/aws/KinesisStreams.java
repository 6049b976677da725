package com.meter.siem.aws;

import com.meter.siem.health.ConsumerLister;
import com.meter.siem.health.StreamStatus;
import com.meter.siem.health.StreamStatusReader;
import com.meter.siem.integration.StreamMode;
import com.meter.siem.provisioning.ShardLimitException;
import com.meter.siem.provisioning.ShardQuota;
import com.meter.siem.provisioning.StreamChange;
import com.meter.siem.provisioning.StreamGateway;
import com.meter.siem.provisioning.StreamState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.DescribeLimitsResponse;
import software.amazon.awssdk.services.kinesis.model.EncryptionType;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ListTagsForStreamResponse;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.Tag;
import software.amazon.awssdk.services.kinesis.waiters.KinesisWaiter;

/** {@link StreamGateway}, {@link StreamStatusReader} and {@link ConsumerLister} on the Kinesis Data Streams API. */
public final class KinesisStreams implements StreamGateway, StreamStatusReader, ConsumerLister {
    /** How long one wait for a stream to become ACTIVE may take (creation usually takes under a minute). */
    private static final Duration MAX_WAIT = Duration.ofMinutes(10);
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(3);
    /** AddTagsToStream and RemoveTagsFromStream take at most ten tags a call. */
    private static final int TAGS_PER_CALL = 10;

    private final KinesisClient kinesis;
    private final KinesisWaiter waiter;

    public KinesisStreams(KinesisClient kinesis) {
        this(kinesis, MAX_WAIT, POLL_INTERVAL);
    }

    /**
     * @param maxWait how long one wait for ACTIVE may take
     * @param pollInterval time between DescribeStream calls while waiting
     */
    public KinesisStreams(KinesisClient kinesis, Duration maxWait, Duration pollInterval) {
        this.kinesis = kinesis;
        this.waiter = KinesisWaiter.builder()
                .client(kinesis)
                .overrideConfiguration(WaiterOverrideConfiguration.builder()
                        .waitTimeout(maxWait)
                        .maxAttempts(Integer.MAX_VALUE)
                        .backoffStrategy(FixedDelayBackoffStrategy.create(pollInterval))
                        .build())
                .build();
    }

    @Override
    public Optional<StreamState> describe(String streamName) {
        Optional<StreamDescriptionSummary> found = summary(streamName);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        StreamDescriptionSummary summary = found.get();
        Map<String, String> tags;
        try {
            tags = tags(streamName);
        } catch (ResourceNotFoundException deletedMeanwhile) {
            // Another request (a concurrent Delete, say) removed it between the two calls.
            return Optional.empty();
        }
        return Optional.of(KinesisTranslator.streamState(summary, tags));
    }

    /** One DescribeStreamSummary call; no tags, which the health checks do not need. */
    @Override
    public Optional<StreamStatus> status(String streamName) {
        return summary(streamName).map(KinesisTranslator::streamStatus);
    }

    private Optional<StreamDescriptionSummary> summary(String streamName) {
        try {
            return Optional.of(kinesis.describeStreamSummary(r -> r.streamName(streamName)).streamDescriptionSummary());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<String> consumerNames(String streamArn) {
        return kinesis.listStreamConsumersPaginator(r -> r.streamARN(streamArn)).stream()
                .flatMap(page -> page.consumers().stream())
                .filter(consumer -> consumer.consumerStatus() != ConsumerStatus.DELETING)
                .map(consumer -> consumer.consumerName()).toList();
    }

    @Override
    public void create(String streamName, StreamMode mode, int shardCount, Map<String, String> tags) {
        kinesis.createStream(r -> {
            r.streamName(streamName).streamModeDetails(KinesisTranslator.modeDetails(mode)).tags(tags);
            if (mode == StreamMode.PROVISIONED) {
                r.shardCount(shardCount);
            }
        });
    }

    @Override
    public void awaitActive(String streamName) {
        try {
            waiter.waitUntilStreamExists(r -> r.streamName(streamName)).matched().exception().ifPresent(e -> {
                throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
            });
        } catch (SdkClientException e) {
            // The waiter wraps errors it has no acceptor for (AccessDenied, say); the AWS error is the news.
            if (e.getCause() instanceof AwsServiceException aws) {
                throw aws;
            }
            throw e;
        }
    }

    @Override
    public void apply(String streamName, String streamArn, StreamChange change) {
        switch (change) {
            case StreamChange.SwitchMode m ->
                    kinesis.updateStreamMode(r -> r.streamARN(streamArn).streamModeDetails(KinesisTranslator.modeDetails(m.mode())));
            case StreamChange.ScaleShards s -> scale(streamName, s.to());
            case StreamChange.ChangeRetention c -> {
                if (c.toHours() > c.fromHours()) {
                    kinesis.increaseStreamRetentionPeriod(r -> r.streamName(streamName).retentionPeriodHours(c.toHours()));
                } else {
                    kinesis.decreaseStreamRetentionPeriod(r -> r.streamName(streamName).retentionPeriodHours(c.toHours()));
                }
            }
            case StreamChange.EnableMetrics e -> kinesis.enableEnhancedMonitoring(
                    r -> r.streamName(streamName).shardLevelMetricsWithStrings(e.metrics()));
            case StreamChange.DisableMetrics d -> kinesis.disableEnhancedMonitoring(
                    r -> r.streamName(streamName).shardLevelMetricsWithStrings(d.metrics()));
            case StreamChange.StartEncryption s -> kinesis.startStreamEncryption(
                    r -> r.streamName(streamName).encryptionType(EncryptionType.KMS).keyId(s.kmsKeyId()));
            case StreamChange.StopEncryption s -> kinesis.stopStreamEncryption(
                    r -> r.streamName(streamName).encryptionType(EncryptionType.KMS).keyId(s.kmsKeyId()));
            case StreamChange.TagStream t -> {
                for (Map<String, String> batch : batches(t.tags())) {
                    kinesis.addTagsToStream(r -> r.streamName(streamName).tags(batch));
                }
            }
            case StreamChange.UntagStream u -> {
                List<String> keys = new ArrayList<>(u.keys());
                for (int i = 0; i < keys.size(); i += TAGS_PER_CALL) {
                    List<String> batch = keys.subList(i, Math.min(keys.size(), i + TAGS_PER_CALL));
                    kinesis.removeTagsFromStream(r -> r.streamName(streamName).tagKeys(batch));
                }
            }
        }
    }

    /**
     * Kinesis answers its daily limit and the account's shard quota with LimitExceededException, as it
     * answers throttling; throttling that outlasted the retries stays an ordinary AWS error.
     */
    private void scale(String streamName, int shardCount) {
        try {
            kinesis.updateShardCount(r -> r.streamName(streamName).targetShardCount(shardCount)
                    .scalingType(ScalingType.UNIFORM_SCALING));
        } catch (LimitExceededException limit) {
            if (AwsClients.isKinesisRateLimit(limit)) {
                throw limit;
            }
            throw new ShardLimitException(limit);
        }
    }

    @Override
    public ShardQuota shardQuota() {
        DescribeLimitsResponse limits = kinesis.describeLimits();
        return new ShardQuota(limits.shardLimit(), limits.openShardCount());
    }

    /**
     * Deletes the stream with its registered consumers (KCL 2.x and enhanced fan-out readers register one):
     * without EnforceConsumerDeletion, Kinesis refuses the delete with ResourceInUseException.
     */
    @Override
    public void delete(String streamName) {
        try {
            kinesis.deleteStream(r -> r.streamName(streamName).enforceConsumerDeletion(true));
        } catch (ResourceNotFoundException alreadyGone) {
            // the state we want
        }
    }

    private Map<String, String> tags(String streamName) {
        return Tags.allPages(after -> {
            ListTagsForStreamResponse page = kinesis.listTagsForStream(r -> r.streamName(streamName)
                    .exclusiveStartTagKey(after));
            return new Tags.Page<>(page.tags(), page.hasMoreTags());
        }, Tag::key, Tag::value);
    }

    private static List<Map<String, String>> batches(Map<String, String> tags) {
        List<Map<String, String>> batches = new ArrayList<>();
        Map<String, String> batch = new HashMap<>();
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            batch.put(tag.getKey(), tag.getValue());
            if (batch.size() == TAGS_PER_CALL) {
                batches.add(batch);
                batch = new HashMap<>();
            }
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return batches;
    }
}
