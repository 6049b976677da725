package com.meter.siem.provisioning;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the properties of {@code Custom::MeterSiemArchiveDelivery} into an {@link ArchiveSpec}, checking
 * the rules the Firehose API reference gives before any call.
 */
public final class ArchiveProperties {
    public static final String RESOURCE_TYPE = "Custom::MeterSiemArchiveDelivery";
    public static final String SOURCE_STREAM_ARN = "SourceStreamArn";
    public static final String DELIVERY_ROLE_ARN = "DeliveryRoleArn";
    public static final String BUCKET_ARN = "BucketArn";
    public static final String PREFIX = "Prefix";
    public static final String ERROR_OUTPUT_PREFIX = "ErrorOutputPrefix";
    public static final String COMPRESSION_FORMAT = "CompressionFormat";
    public static final String BUFFER_SIZE_MIB = "BufferSizeMiB";
    public static final String BUFFER_INTERVAL_SECONDS = "BufferIntervalSeconds";
    public static final String LOG_GROUP_NAME = "LogGroupName";
    public static final String LOG_STREAM_NAME = "LogStreamName";

    static final Map<String, String> DEFAULTS = defaults();
    public static final Set<String> ACCEPTED = Set.of(IntegrationProperties.SERVICE_TOKEN,
            IntegrationProperties.SERVICE_TIMEOUT, SOURCE_STREAM_ARN, DELIVERY_ROLE_ARN, BUCKET_ARN, PREFIX,
            ERROR_OUTPUT_PREFIX, COMPRESSION_FORMAT, BUFFER_SIZE_MIB, BUFFER_INTERVAL_SECONDS, LOG_GROUP_NAME,
            LOG_STREAM_NAME);

    private static final Pattern STREAM_ARN =
            Pattern.compile("arn:aws(-cn|-us-gov)?:kinesis:[a-z0-9-]+:\\d{12}:stream/[a-zA-Z0-9_.-]{1,128}");
    private static final Pattern ROLE_ARN =
            Pattern.compile("arn:aws(-cn|-us-gov)?:iam::\\d{12}:role/([\\w+=,.@-]+/)*[\\w+=,.@-]{1,64}");
    private static final Pattern BUCKET = Pattern.compile("arn:aws(-cn|-us-gov)?:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern OBJECT_PREFIX = Pattern.compile("[^\\p{Cntrl}]{0,1024}");
    private static final Pattern LOG_GROUP = Pattern.compile("[.\\-_/#A-Za-z0-9]{1,512}");
    private static final Pattern LOG_STREAM = Pattern.compile("[^:*\\p{Cntrl}]{1,512}");

    private final PropertyReader reader;

    private ArchiveProperties(Map<String, Object> raw) {
        this.reader = new PropertyReader(raw, DEFAULTS);
    }

    /** @throws InvalidPropertiesException naming each bad property and what it accepts */
    public static ArchiveSpec parse(Map<String, Object> properties) {
        return new ArchiveProperties(properties).parse();
    }

    private ArchiveSpec parse() {
        String stream = reader.required(SOURCE_STREAM_ARN, STREAM_ARN,
                "a Kinesis stream ARN, arn:aws:kinesis:REGION:ACCOUNT:stream/NAME");
        String role = reader.required(DELIVERY_ROLE_ARN, ROLE_ARN, "an IAM role ARN, arn:aws:iam::ACCOUNT:role/NAME");
        String bucket = reader.required(BUCKET_ARN, BUCKET, "an S3 bucket ARN, arn:aws:s3:::BUCKET");
        String prefix = reader.matching(PREFIX, OBJECT_PREFIX, "at most 1024 characters, no control characters");
        String errorPrefix = reader.matching(ERROR_OUTPUT_PREFIX, OBJECT_PREFIX,
                "at most 1024 characters, no control characters");
        if (prefix != null && prefix.contains("!{") && (errorPrefix == null || errorPrefix.isEmpty())) {
            reader.problem(ERROR_OUTPUT_PREFIX + ": is required when Prefix uses !{...} expressions (Firehose's rule)");
        }
        ArchiveSpec.Compression compression = reader.oneOf(COMPRESSION_FORMAT, ArchiveSpec.Compression.class);
        int size = reader.wholeNumber(BUFFER_SIZE_MIB, 1, 128);
        int interval = reader.wholeNumber(BUFFER_INTERVAL_SECONDS, 0, 900);
        String logGroup = reader.required(LOG_GROUP_NAME, LOG_GROUP, "1 to 512 letters, digits or ._-/#");
        String logStream = reader.required(LOG_STREAM_NAME, LOG_STREAM, "1 to 512 characters other than ':' and '*'");
        reader.rejectUnknown(ACCEPTED);
        reader.throwIfInvalid();
        return new ArchiveSpec(stream, role, bucket, prefix, errorPrefix, compression, size, interval, logGroup,
                logStream);
    }

    private static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put(PREFIX, "");
        defaults.put(ERROR_OUTPUT_PREFIX, "");
        defaults.put(COMPRESSION_FORMAT, "GZIP");
        defaults.put(BUFFER_SIZE_MIB, "5");
        defaults.put(BUFFER_INTERVAL_SECONDS, "300");
        return Collections.unmodifiableMap(defaults);
    }
}
