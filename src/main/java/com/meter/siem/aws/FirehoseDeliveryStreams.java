package com.meter.siem.aws;

import com.meter.siem.provisioning.ArchiveSpec;
import com.meter.siem.provisioning.DeliveryStreamGateway;
import com.meter.siem.provisioning.DeliveryStreamLifecycle;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamDescription;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamStatus;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamType;
import software.amazon.awssdk.services.firehose.model.FailureDescription;
import software.amazon.awssdk.services.firehose.model.InvalidArgumentException;
import software.amazon.awssdk.services.firehose.model.ListTagsForDeliveryStreamResponse;
import software.amazon.awssdk.services.firehose.model.ResourceInUseException;
import software.amazon.awssdk.services.firehose.model.ResourceNotFoundException;
import software.amazon.awssdk.services.firehose.model.Tag;

/** {@link DeliveryStreamGateway} on the Firehose API. */
public final class FirehoseDeliveryStreams implements DeliveryStreamGateway {
    /**
     * Firehose's words for a role it cannot use yet: it cannot assume the role, or the role's policy does not
     * let it read the source stream yet. The error code (InvalidArgumentException) is shared with permanent
     * mistakes, so the message is all there is to tell IAM propagation by.
     */
    private static final List<String> ROLE_NOT_YET_USABLE = List.of("unable to assume role",
            "is not authorized to perform: kinesis:DescribeStream");

    private final FirehoseClient firehose;

    public FirehoseDeliveryStreams(FirehoseClient firehose) {
        this.firehose = firehose;
    }

    @Override
    public Optional<DeliveryStream> describe(String name) {
        DeliveryStreamDescription description;
        Map<String, String> tags;
        try {
            description = firehose.describeDeliveryStream(r -> r.deliveryStreamName(name)).deliveryStreamDescription();
            tags = Tags.allPages(after -> {
                ListTagsForDeliveryStreamResponse page = firehose.listTagsForDeliveryStream(
                        r -> r.deliveryStreamName(name).exclusiveStartTagKey(after));
                return new Tags.Page<>(page.tags(), page.hasMoreTags());
            }, Tag::key, Tag::value);
        } catch (ResourceNotFoundException gone) {
            return Optional.empty();
        }
        FailureDescription failure = description.failureDescription();
        return Optional.of(new DeliveryStream(description.deliveryStreamARN(),
                lifecycle(description.deliveryStreamStatus()), tags,
                failure == null ? null : failure.typeAsString() + ": " + failure.details()));
    }

    @Override
    public void create(String name, ArchiveSpec spec, Map<String, String> tags) {
        try {
            firehose.createDeliveryStream(r -> r.deliveryStreamName(name)
                    .deliveryStreamType(DeliveryStreamType.KINESIS_STREAM_AS_SOURCE)
                    .kinesisStreamSourceConfiguration(k -> k.kinesisStreamARN(spec.sourceStreamArn())
                            .roleARN(spec.deliveryRoleArn()))
                    .extendedS3DestinationConfiguration(s3 -> s3.bucketARN(spec.bucketArn())
                            .roleARN(spec.deliveryRoleArn())
                            .prefix(spec.prefix())
                            .errorOutputPrefix(spec.errorOutputPrefix())
                            .compressionFormat(spec.compression().name())
                            .bufferingHints(b -> b.sizeInMBs(spec.bufferSizeMiB())
                                    .intervalInSeconds(spec.bufferIntervalSeconds()))
                            .cloudWatchLoggingOptions(l -> l.enabled(true).logGroupName(spec.logGroupName())
                                    .logStreamName(spec.logStreamName())))
                    .tags(Tags.toList(tags, (key, value) -> Tag.builder().key(key).value(value).build())));
        } catch (InvalidArgumentException invalid) {
            String message = invalid.awsErrorDetails() == null ? null : invalid.awsErrorDetails().errorMessage();
            if (message != null && ROLE_NOT_YET_USABLE.stream().anyMatch(message::contains)) {
                throw new RoleNotYetUsableException(invalid);
            }
            throw invalid;
        } catch (ResourceInUseException taken) {
            throw new NameTakenException(taken);
        }
    }

    @Override
    public void delete(String name) {
        try {
            firehose.deleteDeliveryStream(r -> r.deliveryStreamName(name));
        } catch (ResourceNotFoundException alreadyGone) {
            // Deleted meanwhile (a concurrent Delete): the outcome wanted.
        }
    }

    /** A status newer than this SDK reads as not yet usable: waited on until the deadline, as it may yet work. */
    private static DeliveryStreamLifecycle lifecycle(DeliveryStreamStatus status) {
        return switch (status) {
            case CREATING, UNKNOWN_TO_SDK_VERSION -> DeliveryStreamLifecycle.CREATING;
            case CREATING_FAILED -> DeliveryStreamLifecycle.CREATING_FAILED;
            case DELETING -> DeliveryStreamLifecycle.DELETING;
            case DELETING_FAILED -> DeliveryStreamLifecycle.DELETING_FAILED;
            case ACTIVE -> DeliveryStreamLifecycle.ACTIVE;
        };
    }
}
