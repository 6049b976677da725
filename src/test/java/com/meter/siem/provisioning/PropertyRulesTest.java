package com.meter.siem.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.meter.siem.integration.ExternalId;
import com.meter.siem.integration.ExternalIdRotation;
import com.meter.siem.integration.Placement;
import com.meter.siem.integration.ShardLevelMetrics;
import com.meter.siem.integration.StreamEncryption;
import com.meter.siem.integration.StreamMode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each rule the custom resources' properties are held to, with the exact problem it reports. */
class PropertyRulesTest {
    private static final Placement PLACEMENT = new Placement("aws", "us-east-1", "123456789012");
    private static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final String SECRET_ALLOWED = "must be empty (the stack generates the external ID) or the full ARN of"
            + " a Secrets Manager secret in this stack's account 123456789012 and region us-east-1,"
            + " arn:aws:secretsmanager:us-east-1:123456789012:secret:NAME-AbCdEf";
    private static final String TAG_RULE = " is not Key=Value; keys are 1 to 128 and values 0 to 256 letters, digits,"
            + " spaces or _.:/=+-@, pairs separated by commas";

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "StreamEncryption | CUSTOMER_MANAGED_KEY | KmsKeyArn: is required when StreamEncryption is"
                    + " CUSTOMER_MANAGED_KEY; give the key's ARN, arn:aws:kms:REGION:ACCOUNT:key/KEY-ID",
            "KmsKeyArn | " + KEY + " | KmsKeyArn: must be empty unless StreamEncryption is CUSTOMER_MANAGED_KEY",
            "ExistingExternalIdSecretArn | arn:aws:secretsmanager:eu-west-1:123456789012:secret:x-AbCdEf"
                    + " | ExistingExternalIdSecretArn: " + SECRET_ALLOWED
                    + "; got 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:x-AbCdEf'",
            "ExistingExternalIdSecretArn | arn:aws:secretsmanager:us-east-1:210987654321:secret:x-AbCdEf"
                    + " | ExistingExternalIdSecretArn: " + SECRET_ALLOWED
                    + "; got 'arn:aws:secretsmanager:us-east-1:210987654321:secret:x-AbCdEf'",
            "ExistingExternalIdSecretArn | security/meter | ExistingExternalIdSecretArn: " + SECRET_ALLOWED
                    + "; got 'security/meter'",
            "ExternalId | too-short | ExternalId: must be empty or 32 to 1224 letters, digits or _+=,.@:/-; the value"
                    + " given (9 characters) is not",
            "ShardLevelMetrics | IncomingBytes, Bogus | ShardLevelMetrics: 'Bogus' is not a shard-level metric;"
                    + " allowed: IncomingBytes, IncomingRecords, IteratorAgeMilliseconds, OutgoingBytes,"
                    + " OutgoingRecords, ReadProvisionedThroughputExceeded, WriteProvisionedThroughputExceeded, or ALL",
            "ResourceTags | team | ResourceTags: 'team'" + TAG_RULE,
            "ResourceTags | team=a, cost | ResourceTags: ' cost'" + TAG_RULE,
            "ResourceTags | AWS:x=1 | ResourceTags: tag key 'AWS:x' is reserved (aws: and meter-siem: prefixes)",
            "ResourceTags | meter-siem:x=1 | ResourceTags: tag key 'meter-siem:x' is reserved (aws: and meter-siem:"
                    + " prefixes)",
            "MeterServiceRoleArn | arn:aws:iam::111122223333:role/x | MeterServiceRoleArn: must be in Meter's account"
                    + " 458553032353 (MeterAccountId); got account 111122223333. If Meter gave you a principal in"
                    + " another account, set MeterAccountId to that account too",
            "KinesisShardCount | x | KinesisShardCount: must be a whole number from 1 to 10000; got 'x'",
            "KinesisShardCount | 0 | KinesisShardCount: must be a whole number from 1 to 10000; got '0'",
            "KinesisShardCount | 10001 | KinesisShardCount: must be a whole number from 1 to 10000; got '10001'",
            "ExternalIdVersion | 0 | ExternalIdVersion: must be a whole number of at least 1; got '0'",
            "RetainStreamOnDelete | yes | RetainStreamOnDelete: must be true or false; got 'yes'",
            "StreamMode | provisioned | StreamMode: must be one of PROVISIONED, ON_DEMAND; got 'provisioned'",
            "ExistingAlertTopicArn | alerts | ExistingAlertTopicArn: must be empty or an SNS topic ARN,"
                    + " arn:aws:sns:REGION:ACCOUNT:NAME; got 'alerts'"})
    void parse_whenAPropertyBreaksItsRule_namesItAndWhatItAccepts(String name, String value, String problem) {
        assertEquals(List.of(problem), problems(Map.of(name, value)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "alias/meter | KmsKeyArn: must be a KMS key ARN, arn:aws:kms:REGION:ACCOUNT:key/KEY-ID (not an alias);"
                    + " got 'alias/meter'",
            "arn:aws:kms:eu-west-1:123456789012:key/k1 | KmsKeyArn: the key must be in the stream's region us-east-1;"
                    + " got a key in eu-west-1"})
    void parse_whenTheCustomerKeyIsNotAKeyOfTheRegion_refusesIt(String key, String problem) {
        assertEquals(List.of(problem), problems(Map.of("StreamEncryption", "CUSTOMER_MANAGED_KEY", "KmsKeyArn", key)));
    }

    @Test
    void parse_whenEveryOptionIsGivenWell_readsEach() {
        Map<String, Object> properties = new HashMap<>(Map.of("ExternalIdSecretName", "s",
                "StreamEncryption", "CUSTOMER_MANAGED_KEY", "KmsKeyArn", KEY,
                "ExistingExternalIdSecretArn", "arn:aws:secretsmanager:us-east-1:123456789012:secret:meter-AbCdEf",
                "ShardLevelMetrics", "IncomingBytes, ,OutgoingBytes", "ResourceTags", "team=sec, empty=",
                "RetainStreamOnDelete", "FALSE", "AdoptExistingStream", "TRUE", "ExternalId", "x".repeat(32),
                "MeterServiceRoleArn", "arn:aws:iam::458553032353:role/Meter-data-export-eu"));

        IntegrationSpec spec = IntegrationProperties.parse(properties, PLACEMENT);

        assertEquals(KEY, spec.stream().kmsKeyArn());
        assertEquals(Set.of("IncomingBytes", "OutgoingBytes"), spec.stream().shardLevelMetrics());
        assertEquals("sec", spec.stream().tags().get("team"));
        assertEquals("", spec.access().tags().get("empty"));
        assertEquals("arn:aws:secretsmanager:us-east-1:123456789012:secret:meter-AbCdEf",
                spec.access().externalId().existingSecretArn());
        assertEquals(ExternalId.of("x".repeat(32)), spec.access().externalId().legacyValue());
        assertEquals(false, spec.retainStreamOnDelete());
        assertEquals(true, spec.adoptExistingStream());
        assertEquals(false, spec.adoptingOnlyIf(false).adoptExistingStream());
        assertEquals(true, spec.adoptingOnlyIf(true).adoptExistingStream());
    }

    @Test
    void parse_whenFortyTagsAreGiven_acceptsThemButNotFortyOne() {
        assertEquals(40, IntegrationProperties.parse(Map.of("ExternalIdSecretName", "s", "ResourceTags", tags(40)),
                PLACEMENT).access().tags().size() - IntegrationProperties.SEED_ACCESS_TAGS.size());

        assertEquals(List.of("ResourceTags: at most 40 tags; got 41"), problems(Map.of("ResourceTags", tags(41))));
    }

    @Test
    void parse_whenPropertiesHaveTheWrongShape_saysWhichShapeTheyHave() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("ShardLevelMetrics", 7);
        properties.put("KinesisStreamName", List.of("a", "b"));
        properties.put("IamRoleName", Map.of("a", "b"));

        assertEquals(List.of("KinesisStreamName: must be a single value, got a list",
                "ShardLevelMetrics: must be a list of metric names; got a Integer",
                "IamRoleName: must be a single value, got a map"),
                problems(properties));
    }

    @Test
    void parse_whenMetricsAreAListWithANonName_refusesTheList() {
        assertEquals(List.of("ShardLevelMetrics: must be a list of metric names; got a list"),
                problems(Map.of("ShardLevelMetrics", List.of("IncomingBytes", 3))));
    }

    @Test
    void parse_whenPropertiesAreUnknown_namesThemAndTheAcceptedOnes() {
        String accepted = String.join(", ", new java.util.TreeSet<>(IntegrationProperties.ACCEPTED));

        assertEquals(List.of("unknown property Bogus; accepted properties are " + accepted),
                problems(Map.of("Bogus", "1")));
        assertEquals(List.of("unknown properties Bogus, Extra\\u0007; accepted properties are " + accepted),
                problems(Map.of("Bogus", "1", "Extra\u0007", "2")));
    }

    @Test
    void parse_whenTheSecretNameIsMissing_saysItIsRequired() {
        InvalidPropertiesException invalid = assertThrows(InvalidPropertiesException.class,
                () -> IntegrationProperties.parse(Map.of("KinesisStreamName", "x".repeat(129)), PLACEMENT));

        assertEquals("Invalid properties: KinesisStreamName: must be 1 to 128 letters, digits, '_', '.' or '-'; got '"
                + "x".repeat(80) + "...'; ExternalIdSecretName: is required; must be 1 to 512 letters, digits or"
                + " /_+=.@-", invalid.getMessage());
    }

    @Test
    void archiveParse_whenComplete_readsEverySetting() {
        ArchiveSpec spec = ArchiveProperties.parse(archive(Map.of("Prefix", "siem/!{timestamp:yyyy}/",
                "ErrorOutputPrefix", "errors/", "CompressionFormat", "Snappy", "BufferSizeMiB", "128",
                "BufferIntervalSeconds", "0")));

        assertEquals(new ArchiveSpec("arn:aws:kinesis:us-east-1:123456789012:stream/siem",
                "arn:aws:iam::123456789012:role/path/Archive", "arn:aws:s3:::meter-archive", "siem/!{timestamp:yyyy}/",
                "errors/", ArchiveSpec.Compression.Snappy, 128, 0, "/aws/kinesisfirehose/archive", "S3Delivery"), spec);
        assertEquals(ArchiveSpec.Compression.GZIP, ArchiveProperties.parse(archive(Map.of())).compression());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "Prefix | siem/!{timestamp:yyyy}/ | ErrorOutputPrefix: is required when Prefix uses !{...} expressions"
                    + " (Firehose's rule)",
            "BufferSizeMiB | 129 | BufferSizeMiB: must be a whole number from 1 to 128; got '129'",
            "BufferIntervalSeconds | 901 | BufferIntervalSeconds: must be a whole number from 0 to 900; got '901'",
            "LogStreamName | a:b | LogStreamName: must be 1 to 512 characters other than ':' and '*'; got 'a:b'",
            "Unknown | x | unknown property Unknown; accepted properties are BucketArn, BufferIntervalSeconds,"
                    + " BufferSizeMiB, CompressionFormat, DeliveryRoleArn, ErrorOutputPrefix, LogGroupName,"
                    + " LogStreamName, Prefix, ServiceTimeout, ServiceToken, SourceStreamArn"})
    void archiveParse_whenASettingBreaksFirehosesRule_namesIt(String name, String value, String problem) {
        InvalidPropertiesException invalid = assertThrows(InvalidPropertiesException.class,
                () -> ArchiveProperties.parse(archive(Map.of(name, value))));

        assertEquals(List.of(problem), invalid.problems());
    }

    @Test
    void previousFrom_whenOldPropertiesAreGiven_readsTheNamesVersionAndTagKeys() {
        PreviousProperties previous = PreviousProperties.from(Map.of("KinesisStreamName", " old ",
                "KinesisShardCount", "4", "IamRoleName", "OldRole", "IamPolicyName", "OldPolicy",
                "ExternalIdVersion", "3", "ExternalIdRotation", "STARTED", "ResourceTags", "a=1, b = 2,=x,c"));

        assertEquals(new PreviousProperties("old", 4, "OldRole", "OldPolicy", 3, ExternalIdRotation.STARTED,
                Set.of("a", "b")), previous);
    }

    @Test
    void previousFrom_whenNothingOrNonsenseIsGiven_fallsBackToTheDefaults() {
        PreviousProperties defaults = new PreviousProperties("meter-siem-events", 1, "MeterSIEMIntegrationRole",
                "MeterSIEMKinesisWritePolicy", 1, ExternalIdRotation.FINISHED, Set.of());

        assertEquals(defaults, PreviousProperties.from(null));
        assertEquals(new PreviousProperties("meter-siem-events", 0, "MeterSIEMIntegrationRole",
                "MeterSIEMKinesisWritePolicy", 1, ExternalIdRotation.FINISHED, Set.of()),
                PreviousProperties.from(Map.of("KinesisShardCount", "many", "ExternalIdVersion", "x",
                        "ExternalIdRotation", "started")));
    }

    @Test
    void keepingStreamIf_whenEitherSaysKeep_keepsTheStream() {
        DeleteSpec deleting = new DeleteSpec("s", false, "r", "p", "x");

        assertEquals(false, deleting.keepingStreamIf(false).retainStream());
        assertEquals(new DeleteSpec("s", true, "r", "p", "x"), deleting.keepingStreamIf(true));
        assertEquals(true, new DeleteSpec("s", true, "r", "p", "x").keepingStreamIf(false).retainStream());
    }

    private static List<String> problems(Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>(properties);
        all.putIfAbsent("ExternalIdSecretName", "s");
        return assertThrows(InvalidPropertiesException.class, () -> IntegrationProperties.parse(all, PLACEMENT))
                .problems();
    }

    private static String tags(int count) {
        return IntStream.range(0, count).mapToObj(i -> "k" + i + "=v").collect(Collectors.joining(","));
    }

    private static Map<String, Object> archive(Map<String, Object> settings) {
        Map<String, Object> all = new HashMap<>(Map.of("SourceStreamArn",
                "arn:aws:kinesis:us-east-1:123456789012:stream/siem", "DeliveryRoleArn",
                "arn:aws:iam::123456789012:role/path/Archive", "BucketArn", "arn:aws:s3:::meter-archive",
                "LogGroupName", "/aws/kinesisfirehose/archive", "LogStreamName", "S3Delivery"));
        all.putAll(settings);
        return all;
    }
}
