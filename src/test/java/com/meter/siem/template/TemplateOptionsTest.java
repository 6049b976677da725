package com.meter.siem.template;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.meter.siem.provisioning.ArchiveProperties;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For each combination of options a user would plausibly choose, the transformed template deploys
 * exactly the resources the option calls for, with the properties Meter's guide gives. (cfn-lint and the
 * SAM transform check the template as a whole before these tests run: see scripts/check-template.)
 */
class TemplateOptionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ALWAYS = Set.of("ProvisionerLogGroup", "ProvisionerRole", "ProvisionerFunction",
            "MeterRoleBoundary", "MeterSiemIntegration", "AlertStateTable", "HealthCheckLogGroup", "HealthCheckRole", "HealthCheckFunction",
            "HealthCheckFunctionEventInvokeConfig", "HealthCheckFunctionSchedule",
            "HealthCheckFunctionSchedulePermission", "HealthCheckErrorsAlarm", "HealthCheckMissedRunsAlarm",
            "HealthDashboard");
    private static final Set<String> OWN_TOPIC = Set.of("AlertTopicKey", "AlertTopicKeyAlias", "AlertTopic",
            "AlertTopicPolicy");
    private static final Set<String> STREAM_KEY = Set.of("StreamKey", "StreamKeyKmsAlias");
    private static final Set<String> ALARMS = Set.of("NoIncomingRecordsAlarm", "WriteThrottledAlarm");
    private static final Set<String> VPC_ENDPOINT = Set.of("KinesisEndpointSecurityGroup", "KinesisVpcEndpoint");
    private static final Set<String> ARCHIVE = Set.of("ArchiveBucket", "ArchiveBucketPolicy", "ArchiveDeliveryLogGroup",
            "ArchiveDeliveryLogStream", "ArchiveDeliveryRole", "ArchiveDeliveryPolicy", "ArchiveDeliveryStream");
    private static final Map<String, String> VPC = Map.of("VpcId", "vpc-0a1b2c3d4e5f67890", "VpcCidr", "10.20.0.0/16",
            "PrivateSubnetIds", "subnet-0a1b2c3d,subnet-4e5f6a7b");
    private static final String KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    static Stream<Arguments> combinations() {
        return Stream.of(
                Arguments.of("defaults", Map.of(), union(OWN_TOPIC)),
                Arguments.of("on-demand, unencrypted", Map.of("StreamMode", "ON_DEMAND", "StreamEncryption", "NONE"),
                        union(OWN_TOPIC)),
                Arguments.of("new customer managed key", Map.of("StreamEncryption", "NEW_CUSTOMER_MANAGED_KEY"),
                        union(OWN_TOPIC, STREAM_KEY)),
                Arguments.of("existing customer managed key", Map.of("StreamEncryption", "CUSTOMER_MANAGED_KEY",
                        "KmsKeyArn", KEY_ARN), union(OWN_TOPIC)),
                Arguments.of("alarms", Map.of("EnableCloudWatchAlarms", "true"), union(OWN_TOPIC, ALARMS)),
                Arguments.of("VPC endpoint", VPC, union(OWN_TOPIC, VPC_ENDPOINT)),
                Arguments.of("archive", Map.of("EnableS3Archive", "true"), union(OWN_TOPIC, ARCHIVE)),
                Arguments.of("email on own topic", Map.of("AlertEmail", "oncall@example.com"),
                        union(OWN_TOPIC, Set.of("AlertEmailSubscription"))),
                Arguments.of("central topic, email ignored", Map.of("ExistingAlertTopicArn",
                        "arn:aws:sns:us-east-1:111122223333:security-alerts", "AlertEmail", "oncall@example.com"),
                        union()),
                Arguments.of("everything", merge(VPC, Map.of("StreamEncryption", "NEW_CUSTOMER_MANAGED_KEY",
                        "EnableCloudWatchAlarms", "true", "EnableS3Archive", "true", "StreamMode", "ON_DEMAND")),
                        union(OWN_TOPIC, STREAM_KEY, ALARMS, VPC_ENDPOINT, ARCHIVE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("combinations")
    void resources_whenOptionsChosen_areExactlyTheOnesTheyCallFor(String name, Map<String, String> parameters,
                                                                   Set<String> expected) {
        assertEquals(new TreeSet<>(expected), DeployedTemplate.with(parameters).resources());
    }

    @Test
    void outputs_whenEverythingChosen_addTheKeyEndpointAndArchiveToTheDashboardValues() {
        Set<String> base = Set.of("KinesisStreamArn", "KinesisStreamName", "IamRoleArn", "IamPolicyArn", "RoleBoundaryArn",
                "ExternalIdSecretArn", "ExternalIdCommand", "ExternalIdNextStep", "AlertTopicArn", "HealthDashboardUrl",
                "AlertStateTableName");

        assertEquals(new TreeSet<>(base), DeployedTemplate.with(Map.of()).outputs());
        Set<String> everything = new TreeSet<>(base);
        everything.addAll(Set.of("StreamKeyArn", "KinesisVpcEndpointId", "ArchiveBucketName",
                "ArchiveDeliveryStreamName"));
        assertEquals(everything, DeployedTemplate.with(merge(VPC, Map.of("StreamEncryption", "NEW_CUSTOMER_MANAGED_KEY",
                "EnableS3Archive", "true"))).outputs());
    }

    @Test
    void newCustomerManagedKey_whenChosen_rotatesAndEncryptsTheStreamWithAGrantThroughKinesisOnly() {
        DeployedTemplate template = DeployedTemplate.with(Map.of("StreamEncryption", "NEW_CUSTOMER_MANAGED_KEY"));

        JsonNode key = template.properties("StreamKey");
        assertEquals(true, key.get("EnableKeyRotation").asBoolean());
        assertEquals(10, key.get("PendingWindowInDays").asInt());
        assertEquals(json("""
                {"StringEquals":{"kms:ViaService":{"Fn::Sub":"kinesis.${AWS::Region}.amazonaws.com"},
                 "kms:CallerAccount":{"Ref":"AWS::AccountId"}}}"""), key.at("/KeyPolicy/Statement/1/Condition"));
        assertEquals("Retain", template.resource("StreamKey").get("DeletionPolicy").asText());
        assertEquals(json("{\"Ref\":\"StreamKeyAlias\"}"), template.properties("StreamKeyKmsAlias").get("AliasName"));
        assertEquals("alias/meter-siem-kinesis", templateDefault("StreamKeyAlias"));
        JsonNode integration = template.properties("MeterSiemIntegration");
        assertEquals("CUSTOMER_MANAGED_KEY", integration.get("StreamEncryption").asText());
        assertEquals(json("{\"Fn::GetAtt\":[\"StreamKey\",\"Arn\"]}"), integration.get("KmsKeyArn"));
        assertEquals(integration.get("KmsKeyArn"), environment(template, "KMS_KEY_ARN"));
        assertEquals("CUSTOMER_MANAGED_KEY", environment(template, "STREAM_ENCRYPTION").asText());
    }

    @Test
    void alarms_whenEnabled_matchTheGuidesAlarmsAndGoToTheAlertTopic() {
        DeployedTemplate template = DeployedTemplate.with(Map.of("EnableCloudWatchAlarms", "true"));

        JsonNode noEvents = template.properties("NoIncomingRecordsAlarm");
        assertEquals(json("""
                {"AlarmName":{"Fn::Sub":"${AWS::StackName}-meter-siem-no-events"},
                 "AlarmDescription":"Alert if no SIEM events received for 10 minutes","Namespace":"AWS/Kinesis",
                 "MetricName":"IncomingRecords",
                 "Dimensions":[{"Name":"StreamName","Value":{"Fn::GetAtt":["MeterSiemIntegration","StreamName"]}}],
                 "Statistic":"Sum","Period":300,"EvaluationPeriods":2,"Threshold":1,
                 "ComparisonOperator":"LessThanThreshold","TreatMissingData":"breaching",
                 "AlarmActions":[{"Ref":"AlertTopic"}],"OKActions":[{"Ref":"AlertTopic"}]}"""), noEvents);
        JsonNode throttled = template.properties("WriteThrottledAlarm");
        assertEquals("WriteProvisionedThroughputExceeded", throttled.get("MetricName").asText());
        assertEquals(60, throttled.get("Period").asInt());
        assertEquals(1, throttled.get("EvaluationPeriods").asInt());
        assertEquals(0, throttled.get("Threshold").asInt());
        assertEquals("GreaterThanThreshold", throttled.get("ComparisonOperator").asText());
        assertEquals("Sum", throttled.get("Statistic").asText());
    }

    @Test
    void vpcEndpoint_whenChosen_isAnInterfaceEndpointWithPrivateDnsAdmittingHttpsFromTheVpcOnly() {
        DeployedTemplate template = DeployedTemplate.with(VPC);

        assertEquals(json("""
                {"ServiceName":{"Fn::Sub":"com.amazonaws.${AWS::Region}.kinesis-streams"},"VpcEndpointType":"Interface",
                 "VpcId":{"Ref":"VpcId"},"SubnetIds":{"Ref":"PrivateSubnetIds"},
                 "SecurityGroupIds":[{"Ref":"KinesisEndpointSecurityGroup"}],"PrivateDnsEnabled":true,
                 "PolicyDocument":{"Version":"2012-10-17","Statement":[{"Sid":"OnlyThisStream","Effect":"Allow",
                   "Principal":"*","Action":"kinesis:*","Resource":[
                     {"Fn::GetAtt":["MeterSiemIntegration","StreamArn"]},
                     {"Fn::Sub":"${MeterSiemIntegration.StreamArn}/consumer/*"}]}]}}"""),
                template.properties("KinesisVpcEndpoint"));
        assertEquals(json("""
                [{"Description":"HTTPS from VPC","IpProtocol":"tcp","FromPort":443,"ToPort":443,
                  "CidrIp":{"Ref":"VpcCidr"}}]"""),
                template.properties("KinesisEndpointSecurityGroup").get("SecurityGroupIngress"));
    }

    @Test
    void archive_whenChosen_deliversGzipUnderDatedPrefixesToAPrivateEncryptedBucketWithLifecycle() {
        DeployedTemplate template = DeployedTemplate.with(Map.of("EnableS3Archive", "true"));

        JsonNode delivery = template.properties("ArchiveDeliveryStream");
        assertEquals("Custom::MeterSiemArchiveDelivery", template.resource("ArchiveDeliveryStream").get("Type").asText(),
                "made by the provisioner, which waits for IAM to propagate the delivery role");
        assertEquals(new TreeSet<>(ArchiveProperties.ACCEPTED), fieldNames(delivery),
                "the template passes exactly what the handler accepts");
        assertEquals("siem-events/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/",
                delivery.get("Prefix").asText());
        assertEquals("GZIP", delivery.get("CompressionFormat").asText());
        assertEquals(5, delivery.get("BufferSizeMiB").asInt());
        assertEquals(300, delivery.get("BufferIntervalSeconds").asInt());
        assertEquals(true, delivery.get("ErrorOutputPrefix").asText().startsWith("siem-errors/"));
        assertEquals(json("{\"Fn::GetAtt\":[\"MeterSiemIntegration\",\"StreamArn\"]}"), delivery.get("SourceStreamArn"));
        assertEquals("ArchiveDeliveryPolicy", template.resource("ArchiveDeliveryStream").get("DependsOn").asText(),
                "created once the role may read the stream and write the bucket");
        JsonNode bucket = template.properties("ArchiveBucket");
        assertEquals(json("""
                {"BlockPublicAcls":true,"BlockPublicPolicy":true,"IgnorePublicAcls":true,"RestrictPublicBuckets":true}"""),
                bucket.get("PublicAccessBlockConfiguration"));
        assertEquals("AES256", bucket.at("/BucketEncryption/ServerSideEncryptionConfiguration/0/"
                + "ServerSideEncryptionByDefault/SSEAlgorithm").asText());
        JsonNode rule = bucket.at("/LifecycleConfiguration/Rules/0");
        assertEquals("GLACIER", rule.at("/Transitions/0/StorageClass").asText());
        assertEquals(json("{\"Ref\":\"ArchiveGlacierTransitionDays\"}"), rule.at("/Transitions/0/TransitionInDays"));
        assertEquals(json("{\"Ref\":\"ArchiveExpirationDays\"}"), rule.get("ExpirationInDays"));
        assertEquals("90", templateDefault("ArchiveGlacierTransitionDays"));
        assertEquals("365", templateDefault("ArchiveExpirationDays"));
        assertEquals(false, bucket.has("BucketName"), "an empty ArchiveBucketName lets CloudFormation name it");
    }

    /** Archived events are as protected at rest as the stream's: its customer managed key, through S3 only. */
    @Test
    void archive_whenTheStreamHasACustomerManagedKey_encryptsTheBucketWithThatKey() {
        DeployedTemplate template = DeployedTemplate.with(Map.of("EnableS3Archive", "true",
                "StreamEncryption", "NEW_CUSTOMER_MANAGED_KEY"));

        assertEquals(json("""
                [{"ServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms",
                  "KMSMasterKeyID":{"Fn::GetAtt":["StreamKey","Arn"]}},"BucketKeyEnabled":true}]"""),
                template.properties("ArchiveBucket").at("/BucketEncryption/ServerSideEncryptionConfiguration"));
        JsonNode grant = null;
        for (JsonNode statement : template.properties("ArchiveDeliveryPolicy").at("/PolicyDocument/Statement")) {
            if (statement.path("Sid").asText().equals("EncryptArchivedObjects")) {
                grant = statement;
            }
        }
        assertEquals(json("""
                {"Sid":"EncryptArchivedObjects","Effect":"Allow","Action":["kms:GenerateDataKey","kms:Decrypt"],
                 "Resource":{"Fn::GetAtt":["StreamKey","Arn"]},
                 "Condition":{"StringEquals":{"kms:ViaService":{"Fn::Sub":"s3.${AWS::Region}.amazonaws.com"}}}}"""),
                grant);
    }

    @Test
    void provisionerRole_managesArchiveDeliveryStreamsAndPassesTheirRoleOnlyWhenTheArchiveIsChosen() {
        JsonNode statements = DeployedTemplate.with(Map.of("EnableS3Archive", "true")).properties("ProvisionerRole")
                .at("/Policies/0/PolicyDocument/Statement");
        JsonNode manage = statement(statements, "ManageArchiveDeliveryStream");
        assertEquals(json("""
                {"Fn::Sub":"arn:${AWS::Partition}:firehose:${AWS::Region}:${AWS::AccountId}:deliverystream/meter-siem-archive-*"}"""),
                manage.get("Resource"));
        JsonNode pass = statement(statements, "PassArchiveDeliveryRole");
        assertEquals(json("{\"Fn::GetAtt\":[\"ArchiveDeliveryRole\",\"Arn\"]}"), pass.get("Resource"));
        assertEquals(json("{\"StringEquals\":{\"iam:PassedToService\":\"firehose.amazonaws.com\"}}"),
                pass.get("Condition"));

        JsonNode without = DeployedTemplate.with(Map.of()).properties("ProvisionerRole")
                .at("/Policies/0/PolicyDocument/Statement");
        assertEquals(false, without.toString().contains("firehose"));
        assertEquals(false, without.toString().contains("iam:PassRole"));
    }

    private static JsonNode statement(JsonNode statements, String sid) {
        for (JsonNode statement : statements) {
            if (sid.equals(statement.path("Sid").asText())) {
                return statement;
            }
        }
        throw new AssertionError("no statement " + sid + " in " + statements);
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void archiveRole_whenChosen_mayReadOnlyThisStreamAndWriteOnlyThisBucket() {
        DeployedTemplate template = DeployedTemplate.with(Map.of("EnableS3Archive", "true",
                "StreamEncryption", "NEW_CUSTOMER_MANAGED_KEY"));

        JsonNode statements = template.properties("ArchiveDeliveryPolicy").at("/PolicyDocument/Statement");
        assertEquals(json("""
                {"Fn::Sub":"arn:${AWS::Partition}:kinesis:${AWS::Region}:${AWS::AccountId}:stream/${MeterSiemIntegration.StreamName}"}"""),
                statements.get(0).get("Resource"));
        assertEquals(json("[{\"Fn::GetAtt\":[\"ArchiveBucket\",\"Arn\"]},{\"Fn::Sub\":\"${ArchiveBucket.Arn}/*\"}]"),
                statements.get(1).get("Resource"));
        assertEquals("kms:Decrypt", statements.get(3).get("Action").asText());
        assertEquals(json("{\"Fn::GetAtt\":[\"StreamKey\",\"Arn\"]}"), statements.get(3).get("Resource"));
        assertEquals(5, statements.size(), "and the archive bucket's use of the key (see "
                + "archive_whenTheStreamHasACustomerManagedKey_encryptsTheBucketWithThatKey)");
        assertEquals(3, DeployedTemplate.with(Map.of("EnableS3Archive", "true", "StreamEncryption", "NONE"))
                .properties("ArchiveDeliveryPolicy").at("/PolicyDocument/Statement").size(),
                "no key, no KMS grant");
    }

    private static JsonNode environment(DeployedTemplate template, String variable) {
        return template.properties("HealthCheckFunction").at("/Environment/Variables/" + variable);
    }

    private static String templateDefault(String parameter) {
        return DeployedTemplate.parameterDefault(parameter);
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> all = new TreeSet<>(ALWAYS);
        for (Set<String> set : sets) {
            all.addAll(set);
        }
        return all;
    }

    private static Map<String, String> merge(Map<String, String> first, Map<String, String> second) {
        Map<String, String> merged = new java.util.HashMap<>(first);
        merged.putAll(second);
        return merged;
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
