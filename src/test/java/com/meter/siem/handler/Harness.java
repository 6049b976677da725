package com.meter.siem.handler;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.meter.siem.aws.AwsClients;
import com.meter.siem.aws.FirehoseDeliveryStreams;
import com.meter.siem.aws.IamRolesAndPolicies;
import com.meter.siem.aws.KinesisStreams;
import com.meter.siem.aws.SecretsManagerSecrets;
import com.meter.siem.provisioning.ArchiveProvisioner;
import com.meter.siem.provisioning.Deployment;
import com.meter.siem.provisioning.IamGateway;
import com.meter.siem.provisioning.SecretGateway;
import com.meter.siem.provisioning.StreamGateway;
import com.meter.siem.testing.Events;
import com.meter.siem.testing.ResponseUrlServer;
import com.meter.siem.testing.Secrets;
import com.meter.siem.testing.TestContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Runs the real handler against moto the way Lambda and CloudFormation would: an event from events/,
 * a local response URL, and the SDK clients the function builds. Also reads AWS state back.
 */
final class Harness implements AutoCloseable {
    static final String STREAM_ARN = "arn:aws:kinesis:us-east-1:123456789012:stream/meter-siem-events";
    static final String ROLE_NAME = "MeterSIEMIntegrationRole";
    static final String POLICY_ARN = "arn:aws:iam::123456789012:policy/meter-siem/MeterSIEMKinesisWritePolicy";
    static final String SECRET_NAME = "meter-siem-integration/meter-siem/external-id";
    /** The stack of the events in events/: the one the handler under test serves. */
    static final String STACK_ID = "arn:aws:cloudformation:us-east-1:123456789012:stack/meter-siem-integration/"
            + "5b4d7e40-c8a1-11ef-9f1a-0a1b2c3d4e5f";
    /** The provisioner function's role, which the template gives it as PROVISIONER_ROLE_ARN. */
    static final String PROVISIONER_ROLE_ARN = Events.PROVISIONER_ROLE_ARN;
    private static final ObjectMapper JSON = new ObjectMapper();

    final AwsClients clients = AwsClients.fromEnvironment();
    final KinesisClient kinesis = clients.kinesis();
    final IamClient iam = clients.iam();
    final SecretsManagerClient secrets = clients.secretsManager();
    final ResponseUrlServer responses = new ResponseUrlServer();

    StreamGateway streamGateway = new KinesisStreams(kinesis, Duration.ofSeconds(10), Duration.ofMillis(50));
    IamGateway iamGateway = new IamRolesAndPolicies(iam);
    SecretGateway secretGateway = new SecretsManagerSecrets(secrets);
    /** Short pauses: moto has no IAM propagation delay, so any "unable to assume role" here is injected. */
    ArchiveProvisioner archives = new ArchiveProvisioner(new FirehoseDeliveryStreams(clients.firehose()),
            Collections.nCopies(3, Duration.ofMillis(20)), Duration.ofMillis(20), Duration.ofSeconds(5));
    Duration answerMargin = Duration.ofSeconds(1);
    /** The deployment's RetainStreamOnDelete and AdoptExistingStream. */
    boolean deploymentRetains = false;
    boolean deploymentAdopts = true;
    String deployedPrincipal = Events.METER_PRINCIPAL;
    SdkHttpClient responseClient = IntegrationResourceHandler.responseHttpClient();

    IntegrationResourceHandler handler() {
        ArchiveProvisioner archiveProvisioner = archives;
        return new IntegrationResourceHandler(environment(), responseClient, streamGateway, iamGateway,
                secretGateway, () -> archiveProvisioner, answerMargin);
    }

    /**
     * What the template tells the function, with this harness's response URL server accepted besides. Unless a
     * test says otherwise, the deployment leaves the stream's retention and adoption to each request.
     */
    ProvisionerEnvironment environment() {
        return new ProvisionerEnvironment(STACK_ID, ResponseUrls.forRegion("us-east-1", responses.endpoint()),
                deploymentRetains, deploymentAdopts, new Deployment(Events.ROLE_BOUNDARY_ARN, deployedPrincipal,
                PROVISIONER_ROLE_ARN));
    }

    /** Invokes the handler and returns the body it PUT to the response URL. */
    JsonNode invoke(Events event) {
        return invoke(event, Duration.ofSeconds(60));
    }

    JsonNode invoke(Events event, Duration remainingTime) {
        JsonNode raw = read(event.json());
        Secrets.remember(raw.at("/ResourceProperties/ExternalId").asText(null));
        Secrets.remember(raw.at("/OldResourceProperties/ExternalId").asText(null));
        int before = responses.requests().size();
        event.withResponseUrl(responses.url()).sendTo(handler(),
                TestContext.withRemainingTime(remainingTime));
        var requests = responses.awaitRequests(before + 1, Duration.ofSeconds(10));
        String body = requests.get(requests.size() - 1).body();
        assertTrue(body.getBytes(StandardCharsets.UTF_8).length < 4096, "response body must stay under 4096 bytes");
        Secrets.assertAbsentIn(body, "the answer to CloudFormation");
        return read(body);
    }

    static Events create() {
        return Events.load("create.json");
    }

    static Events update() {
        return Events.load("update.json");
    }

    static Events delete() {
        return Events.load("delete.json");
    }

    /** An Update whose old properties are create.json's and whose new ones differ only where the test says. */
    static Events updateFromCreate() {
        return Events.load("update.json")
                .withProperty("KinesisShardCount", "1")
                .withProperty("KinesisRetentionHours", "24");
    }

    /** The start of an external ID rotation: ExternalIdVersion raised to 2, ExternalIdRotation=STARTED. */
    static Events startRotation() {
        return updateFromCreate().withProperty("ExternalIdVersion", "2").withProperty("ExternalIdRotation", "STARTED");
    }

    /** Its finish: ExternalIdRotation back to FINISHED at version 2. */
    static Events finishRotation() {
        return updateFromCreate().withOldProperty("ExternalIdVersion", "2")
                .withOldProperty("ExternalIdRotation", "STARTED").withProperty("ExternalIdVersion", "2");
    }

    /** CloudFormation's Update back to the properties before the start: old and new swapped. */
    static Events rollbackOfStart() {
        return updateFromCreate().withOldProperty("ExternalIdVersion", "2")
                .withOldProperty("ExternalIdRotation", "STARTED");
    }

    StreamDescriptionSummary stream(String name) {
        return kinesis.describeStreamSummary(r -> r.streamName(name)).streamDescriptionSummary();
    }

    boolean streamExists(String name) {
        return kinesis.listStreams().streamNames().contains(name);
    }

    Map<String, String> streamTags(String name) {
        return kinesis.listTagsForStream(r -> r.streamName(name)).tags().stream()
                .collect(Collectors.toMap(t -> t.key(), t -> t.value()));
    }

    boolean roleExists(String name) {
        return iam.listRoles().roles().stream().anyMatch(r -> r.roleName().equals(name));
    }

    JsonNode trustPolicy(String roleName) {
        return read(URLDecoder.decode(iam.getRole(r -> r.roleName(roleName)).role().assumeRolePolicyDocument(),
                StandardCharsets.UTF_8));
    }

    JsonNode attachedPolicyDocument(String roleName) {
        var attached = iam.listAttachedRolePolicies(r -> r.roleName(roleName)).attachedPolicies();
        if (attached.size() != 1) {
            throw new AssertionError("expected one attached policy, got " + attached);
        }
        String arn = attached.get(0).policyArn();
        String version = iam.getPolicy(r -> r.policyArn(arn)).policy().defaultVersionId();
        return read(URLDecoder.decode(
                iam.getPolicyVersion(r -> r.policyArn(arn).versionId(version)).policyVersion().document(),
                StandardCharsets.UTF_8));
    }

    boolean policyExists(String arn) {
        return iam.listPolicies(r -> r.scope("Local")).policies().stream().anyMatch(p -> p.arn().equals(arn));
    }

    boolean secretExists(String name) {
        return secrets.listSecrets().secretList().stream().anyMatch(s -> s.name().equals(name));
    }

    String secretValue(String name) {
        // The label named: moto answers a GetSecretValue without one from the version it last stored, even after
        // UpdateSecretVersionStage moved AWSCURRENT away from it.
        String value = secrets.getSecretValue(r -> r.secretId(name).versionStage("AWSCURRENT")).secretString();
        Secrets.remember(value);
        return value;
    }

    String previousSecretValue(String name) {
        String value = secrets.getSecretValue(r -> r.secretId(name).versionStage("AWSPREVIOUS")).secretString();
        Secrets.remember(value);
        return value;
    }

    /** The external IDs the role's trust policy accepts, in its order. */
    List<String> trustedExternalIds(String roleName) {
        JsonNode ids = trustPolicy(roleName).at("/Statement/0/Condition/StringEquals/sts:ExternalId");
        List<String> values = new ArrayList<>();
        if (ids.isArray()) {
            ids.forEach(id -> values.add(id.asText()));
        } else {
            values.add(ids.asText());
        }
        return values;
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    @Override
    public void close() {
        responses.close();
    }
}
