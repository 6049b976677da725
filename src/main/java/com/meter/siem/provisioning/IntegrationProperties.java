package com.meter.siem.provisioning;

import com.meter.siem.integration.ExternalId;
import com.meter.siem.integration.ExternalIdRotation;
import com.meter.siem.integration.Placement;
import com.meter.siem.integration.ShardLevelMetrics;
import com.meter.siem.integration.StreamEncryption;
import com.meter.siem.integration.StreamMode;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the custom resource's properties into an {@link IntegrationSpec}, checking every rule AWS
 * would check (and some it would only discover half-way through a Create) before any AWS call.
 *
 * <p>CloudFormation passes every scalar as a string. Absent properties take the template's defaults,
 * so an older template that does not pass a newer property still works.
 */
public final class IntegrationProperties {
    public static final String SERVICE_TOKEN = "ServiceToken";
    public static final String SERVICE_TIMEOUT = "ServiceTimeout";
    public static final String METER_SERVICE_ROLE_ARN = "MeterServiceRoleArn";
    /** The account MeterServiceRoleArn must be in: a typo in the ARN then cannot trust a stranger's account. */
    public static final String METER_ACCOUNT_ID = "MeterAccountId";
    /**
     * Templates before {@link #EXISTING_EXTERNAL_ID_SECRET_ARN} passed a supplied ID here. Still accepted, because
     * CloudFormation's rollback of the Update to today's template sends their properties to today's function.
     */
    public static final String EXTERNAL_ID = "ExternalId";
    /** A secret of the user's, in the stack's account and region, that holds the external ID; empty: generate one. */
    public static final String EXISTING_EXTERNAL_ID_SECRET_ARN = "ExistingExternalIdSecretArn";
    public static final String EXTERNAL_ID_VERSION = "ExternalIdVersion";
    public static final String EXTERNAL_ID_ROTATION = "ExternalIdRotation";
    public static final String EXTERNAL_ID_SECRET_NAME = "ExternalIdSecretName";
    public static final String KINESIS_STREAM_NAME = "KinesisStreamName";
    public static final String KINESIS_SHARD_COUNT = "KinesisShardCount";
    public static final String KINESIS_RETENTION_HOURS = "KinesisRetentionHours";
    public static final String STREAM_MODE = "StreamMode";
    public static final String SHARD_LEVEL_METRICS = "ShardLevelMetrics";
    public static final String STREAM_ENCRYPTION = "StreamEncryption";
    public static final String KMS_KEY_ARN = "KmsKeyArn";
    public static final String RESOURCE_TAGS = "ResourceTags";
    public static final String IAM_ROLE_NAME = "IamRoleName";
    public static final String IAM_POLICY_NAME = "IamPolicyName";
    public static final String RETAIN_STREAM_ON_DELETE = "RetainStreamOnDelete";
    public static final String ADOPT_EXISTING_STREAM = "AdoptExistingStream";
    /**
     * Not the integration's own: given so that a topic in another region is refused before the alarms and the
     * checker, which publish only within their region, are created to fail on it.
     */
    public static final String EXISTING_ALERT_TOPIC_ARN = "ExistingAlertTopicArn";
    /** Carries no setting: changing it makes CloudFormation send an Update, which re-applies every setting. */
    public static final String REAPPLY_TOKEN = "ReapplyToken";

    /** The template's defaults; a test keeps them equal to template.yaml's. */
    public static final Map<String, String> DEFAULTS = orderedMap(
            METER_SERVICE_ROLE_ARN, "arn:aws:iam::458553032353:role/Meter-data-export",
            METER_ACCOUNT_ID, "458553032353",
            EXISTING_EXTERNAL_ID_SECRET_ARN, "",
            EXTERNAL_ID_VERSION, "1",
            EXTERNAL_ID_ROTATION, ExternalIdRotation.FINISHED.name(),
            KINESIS_STREAM_NAME, "meter-siem-events",
            KINESIS_SHARD_COUNT, "1",
            KINESIS_RETENTION_HOURS, "24",
            STREAM_MODE, "PROVISIONED",
            SHARD_LEVEL_METRICS, "IncomingBytes,IncomingRecords,OutgoingBytes,OutgoingRecords",
            STREAM_ENCRYPTION, "AWS_MANAGED_KEY",
            KMS_KEY_ARN, "",
            RESOURCE_TAGS, "",
            IAM_ROLE_NAME, "MeterSIEMIntegrationRole",
            IAM_POLICY_NAME, "MeterSIEMKinesisWritePolicy",
            RETAIN_STREAM_ON_DELETE, "true",
            ADOPT_EXISTING_STREAM, "false",
            EXISTING_ALERT_TOPIC_ARN, "",
            REAPPLY_TOKEN, "");

    /** Properties only older templates pass; today's template does not. */
    public static final Set<String> LEGACY = Set.of(EXTERNAL_ID);
    /**
     * Every property the handler accepts: the ones with defaults, the required one, the legacy ones and
     * CloudFormation's own.
     */
    public static final Set<String> ACCEPTED = acceptedNames();

    /** The seeds' tags, which user tags may override. */
    static final Map<String, String> SEED_STREAM_TAGS = orderedMap(
            "Name", "Meter SIEM Integration", "ManagedBy", "CloudFormation", "Purpose", "Security Event Ingestion");
    static final Map<String, String> SEED_ACCESS_TAGS = orderedMap(
            "Name", "Meter SIEM Integration", "ManagedBy", "CloudFormation");

    // Limits and character sets as the Kinesis, IAM, STS, KMS and Secrets Manager API references give them.
    static final Pattern STREAM_NAME = Pattern.compile("[a-zA-Z0-9_.-]{1,128}");
    static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    static final Pattern POLICY_NAME = Pattern.compile("[\\w+=,.@-]{1,128}");
    static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]{1,512}");
    private static final Pattern PRINCIPAL_ARN =
            Pattern.compile("arn:aws(-cn|-us-gov)?:iam::(\\d{12}):(root|role/[\\w+=,.@/-]{1,512})");
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern KMS_KEY = Pattern.compile(
            "arn:(aws|aws-cn|aws-us-gov):kms:([a-z0-9-]+):\\d{12}:key/[a-zA-Z0-9-]{1,128}");
    private static final Pattern SECRET_ARN = Pattern.compile(
            "arn:(aws|aws-cn|aws-us-gov):secretsmanager:([a-z0-9-]+):(\\d{12}):secret:"
                    + "[A-Za-z0-9/_+=.@-]{1,512}-[A-Za-z0-9]{6}");
    private static final Pattern SNS_TOPIC = Pattern.compile(
            "arn:(aws|aws-cn|aws-us-gov):sns:([a-z0-9-]+):\\d{12}:[\\w-]{1,256}");
    private static final Pattern TAG_KEY = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{1,128}");
    private static final Pattern TAG_VALUE = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{0,256}");
    private static final Pattern REAPPLY = Pattern.compile("[\\w.:/=+@-]{0,128}");
    private static final int MAX_USER_TAGS = 40;
    private static final int MAX_SHARDS = 10_000;
    private static final int MIN_RETENTION = 24;
    private static final int MAX_RETENTION = 8760;

    private final PropertyReader reader;
    private final String region;
    private final String accountId;

    private IntegrationProperties(Map<String, Object> raw, Placement placement) {
        this.reader = new PropertyReader(raw, DEFAULTS);
        this.region = placement.region();
        this.accountId = placement.accountId();
    }

    /**
     * Validates all properties at once, so that one failed deployment reports every problem.
     *
     * @param placement the stack's account and region: a customer managed key, an alert topic and the user's
     *        external ID secret must live in them
     * @throws InvalidPropertiesException naming each bad property and what it accepts
     */
    public static IntegrationSpec parse(Map<String, Object> properties, Placement placement) {
        return new IntegrationProperties(properties, placement).parse();
    }

    private IntegrationSpec parse() {
        String streamName = reader.matching(KINESIS_STREAM_NAME, STREAM_NAME,
                "1 to 128 letters, digits, '_', '.' or '-'");
        StreamMode mode = reader.oneOf(STREAM_MODE, StreamMode.class);
        int shards = reader.wholeNumber(KINESIS_SHARD_COUNT, 1, MAX_SHARDS);
        int retention = reader.wholeNumber(KINESIS_RETENTION_HOURS, MIN_RETENTION, MAX_RETENTION);
        Set<String> metrics = shardLevelMetrics();
        StreamEncryption encryption = reader.oneOf(STREAM_ENCRYPTION, StreamEncryption.class);
        String kmsKeyArn = kmsKeyArn(encryption);
        Map<String, String> userTags = userTags();

        String principal = reader.matching(METER_SERVICE_ROLE_ARN, PRINCIPAL_ARN,
                "the ARN of Meter's service role, e.g. arn:aws:iam::458553032353:role/Meter-data-export"
                        + " (12-digit account ID, no spaces)");
        checkMeterAccount(principal);
        ExternalId legacyId = legacyExternalId();
        String existingSecretArn = existingSecretArn();
        int version = reader.wholeNumber(EXTERNAL_ID_VERSION, 1, Integer.MAX_VALUE);
        ExternalIdRotation rotation = reader.oneOf(EXTERNAL_ID_ROTATION, ExternalIdRotation.class);
        String secretName = reader.required(EXTERNAL_ID_SECRET_NAME, SECRET_NAME,
                "1 to 512 letters, digits or /_+=.@-");
        String roleName = reader.matching(IAM_ROLE_NAME, ROLE_NAME, "1 to 64 letters, digits or _+=,.@-");
        String policyName = reader.matching(IAM_POLICY_NAME, POLICY_NAME, "1 to 128 letters, digits or _+=,.@-");
        boolean retain = reader.bool(RETAIN_STREAM_ON_DELETE);
        boolean adopt = reader.bool(ADOPT_EXISTING_STREAM);
        reader.matching(REAPPLY_TOKEN, REAPPLY, "at most 128 letters, digits or _.:/=+-@");
        checkAlertTopicRegion();
        reader.rejectUnknown(ACCEPTED);
        reader.throwIfInvalid();
        StreamSpec stream = new StreamSpec(streamName, mode, shards, retention, metrics, encryption, kmsKeyArn,
                merge(SEED_STREAM_TAGS, userTags));
        AccessSpec access = new AccessSpec(principal,
                new ExternalIdSpec(secretName, existingSecretArn, legacyId, version, rotation), roleName, policyName,
                merge(SEED_ACCESS_TAGS, userTags));
        return new IntegrationSpec(stream, access, retain, adopt);
    }

    private Set<String> shardLevelMetrics() {
        Object value = reader.value(SHARD_LEVEL_METRICS);
        List<String> names;
        if (value instanceof String text) {
            names = Arrays.asList(text.split(","));
        } else if (value instanceof Collection<?> list && list.stream().allMatch(String.class::isInstance)) {
            names = list.stream().map(String.class::cast).toList();
        } else {
            reader.problem("%s: must be a list of metric names; got a %s".formatted(
                    SHARD_LEVEL_METRICS, PropertyReader.describeType(value)));
            return Set.of();
        }
        return ShardLevelMetrics.enabledBy(names.stream().map(String::strip).filter(name -> !name.isEmpty()).toList(),
                unknown -> reader.problem("%s: '%s' is not a shard-level metric; allowed: %s".formatted(
                        SHARD_LEVEL_METRICS, PropertyReader.printable(unknown), ShardLevelMetrics.ALLOWED)));
    }

    private String kmsKeyArn(StreamEncryption encryption) {
        String value = reader.text(KMS_KEY_ARN);
        boolean customer = encryption == StreamEncryption.CUSTOMER_MANAGED_KEY;
        if (value == null || value.isEmpty()) {
            if (customer) {
                reader.problem(KMS_KEY_ARN + ": is required when StreamEncryption is CUSTOMER_MANAGED_KEY;"
                        + " give the key's ARN, arn:aws:kms:REGION:ACCOUNT:key/KEY-ID");
            }
            return "";
        }
        if (!customer) {
            reader.problem(KMS_KEY_ARN + ": must be empty unless StreamEncryption is CUSTOMER_MANAGED_KEY");
            return "";
        }
        var matcher = KMS_KEY.matcher(value);
        if (!matcher.matches()) {
            reader.problem("%s: must be a KMS key ARN, arn:aws:kms:REGION:ACCOUNT:key/KEY-ID (not an alias); got '%s'"
                    .formatted(KMS_KEY_ARN, PropertyReader.printable(value)));
        } else if (!region.equals(matcher.group(2))) {
            reader.problem("%s: the key must be in the stream's region %s; got a key in %s".formatted(
                    KMS_KEY_ARN, region, matcher.group(2)));
        }
        return value;
    }

    private void checkMeterAccount(String principal) {
        String account = reader.matching(METER_ACCOUNT_ID, ACCOUNT_ID, "a 12-digit AWS account ID");
        Matcher matcher = principal == null ? null : PRINCIPAL_ARN.matcher(principal);
        if (account != null && ACCOUNT_ID.matcher(account).matches() && matcher != null && matcher.matches() && !account.equals(matcher.group(2))) {
            reader.problem(("%s: must be in Meter's account %s (%s); got account %s. If Meter gave you a principal"
                    + " in another account, set %s to that account too").formatted(METER_SERVICE_ROLE_ARN, account,
                    METER_ACCOUNT_ID, matcher.group(2), METER_ACCOUNT_ID));
        }
    }

    private void checkAlertTopicRegion() {
        String value = reader.text(EXISTING_ALERT_TOPIC_ARN);
        if (value.isEmpty()) {
            return;
        }
        Matcher matcher = SNS_TOPIC.matcher(value);
        if (!matcher.matches()) {
            reader.problem("%s: must be empty or an SNS topic ARN, arn:aws:sns:REGION:ACCOUNT:NAME; got '%s'"
                    .formatted(EXISTING_ALERT_TOPIC_ARN, PropertyReader.printable(value)));
        } else if (!region.equals(matcher.group(2))) {
            reader.problem(("%s: the topic must be in the stack's region %s, where the alarms and the health checker"
                    + " publish; got a topic in %s").formatted(EXISTING_ALERT_TOPIC_ARN, region, matcher.group(2)));
        }
    }

    private ExternalId legacyExternalId() {
        String value = reader.text(EXTERNAL_ID);
        if (value == null || value.isEmpty()) {
            return null;
        }
        // Never quote the value: it is the secret.
        if (!ExternalId.fitsSts(value)) {
            reader.problem("%s: must be empty or %s; the value given (%d characters) is not".formatted(EXTERNAL_ID,
                    ExternalId.RULE, value.length()));
        }
        return ExternalId.of(value);
    }

    private String existingSecretArn() {
        String value = reader.text(EXISTING_EXTERNAL_ID_SECRET_ARN);
        if (value == null || value.isEmpty()) {
            return "";
        }
        Matcher matcher = SECRET_ARN.matcher(value);
        String allowed = ("must be empty (the stack generates the external ID) or the full ARN of a Secrets Manager"
                + " secret in this stack's account %s and region %s, arn:aws:secretsmanager:%s:%s:secret:NAME-AbCdEf")
                .formatted(accountId, region, region, accountId);
        if (!matcher.matches() || !matcher.group(2).equals(region) || !matcher.group(3).equals(accountId)) {
            reader.problem("%s: %s; got '%s'".formatted(EXISTING_EXTERNAL_ID_SECRET_ARN, allowed,
                    PropertyReader.printable(value)));
        }
        return value;
    }

    private Map<String, String> userTags() {
        String value = reader.text(RESOURCE_TAGS);
        Map<String, String> tags = new LinkedHashMap<>();
        if (value == null || value.isEmpty()) {
            return tags;
        }
        for (String pair : value.split(",")) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair.strip() : pair.substring(0, equals).strip();
            String tagValue = equals < 0 ? null : pair.substring(equals + 1).strip();
            if (tagValue == null || !TAG_KEY.matcher(key).matches() || !TAG_VALUE.matcher(tagValue).matches()) {
                reader.problem(("%s: '%s' is not Key=Value; keys are 1 to 128 and values 0 to 256 letters, digits,"
                        + " spaces or _.:/=+-@, pairs separated by commas").formatted(RESOURCE_TAGS,
                        PropertyReader.printable(pair)));
            } else if (key.toLowerCase().startsWith("aws:") || key.startsWith(Ownership.TAG_PREFIX)) {
                reader.problem("%s: tag key '%s' is reserved (aws: and %s prefixes)".formatted(
                        RESOURCE_TAGS, PropertyReader.printable(key), Ownership.TAG_PREFIX));
            } else {
                tags.put(key, tagValue);
            }
        }
        if (tags.size() > MAX_USER_TAGS) {
            reader.problem("%s: at most %d tags; got %d".formatted(RESOURCE_TAGS, MAX_USER_TAGS, tags.size()));
        }
        return tags;
    }

    private static Map<String, String> merge(Map<String, String> seeds, Map<String, String> user) {
        Map<String, String> tags = new LinkedHashMap<>(seeds);
        tags.putAll(user);
        return tags;
    }

    private static Set<String> acceptedNames() {
        Set<String> names = new TreeSet<>(DEFAULTS.keySet());
        names.addAll(List.of(SERVICE_TOKEN, SERVICE_TIMEOUT, EXTERNAL_ID_SECRET_NAME));
        names.addAll(LEGACY);
        return Set.copyOf(names);
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
