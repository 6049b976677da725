package com.meter.siem.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.meter.siem.aws.AwsClients;
import com.meter.siem.testing.Events;
import com.meter.siem.testing.MotoExtension;
import com.meter.siem.testing.MotoServer;
import com.meter.siem.testing.ResponseUrlServer;
import com.meter.siem.testing.Secrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provisioner's package, built as `sam build` builds it, run under the Lambda runtime interface client
 * with the template's handler, memory, timeout and environment, answering CloudFormation's events (the files
 * in events/) at a local response URL, against moto. One execution environment serves the whole class, as
 * Lambda reuses a warm one.
 */
@ExtendWith(MotoExtension.class)
class ProvisionerRuntimeIT {
    private static final String FUNCTION = "ProvisionerFunction";
    private static final String STREAM = "meter-siem-events";
    private static final long MAX_PAYLOAD_BYTES = 6L * 1024 * 1024;
    /** The stack is deployed to delete its stream with it, as the lifecycle below asks. */
    private static final Map<String, String> DEPLOYED_WITH = Map.of("RetainStreamOnDelete", "false");

    private static ResponseUrlServer responses;
    private static LambdaProcess provisioner;
    private final AwsClients aws = AwsClients.fromEnvironment();

    @BeforeAll
    static void start() {
        responses = new ResponseUrlServer();
        provisioner = new LambdaProcess(FunctionConfiguration.of(FUNCTION, DEPLOYED_WITH, Map.of()),
                SamBuild.taskRoot(FUNCTION), testEnvironment(responses));
    }

    @AfterAll
    static void stop() {
        provisioner.close();
        responses.close();
    }

    /**
     * Only what points the function at this machine: moto, with CBOR off, and RESPONSES, which the function
     * accepts besides CloudFormation's response endpoint. The template sets none of them.
     */
    static Map<String, String> testEnvironment(ResponseUrlServer responses) {
        Map<String, String> environment = new java.util.HashMap<>(motoEnvironment());
        environment.put("METER_SIEM_TEST_RESPONSE_ENDPOINT", responses.endpoint());
        return environment;
    }

    static Map<String, String> motoEnvironment() {
        return Map.of("AWS_ENDPOINT_URL", MotoServer.endpoint().toString(), "CBOR_ENABLED", "false");
    }

    @Test
    void lifecycle_whenCloudFormationSendsItsEvents_answersEachAndLeavesTheStateAsked() {
        int logMark = provisioner.output().length();
        JsonNode created = answer(Events.load("create.json"));
        assertEquals("SUCCESS", created.get("Status").asText(), created.toString());
        assertEquals(1, openShards(STREAM));
        Secrets.remember(aws.secretsManager().getSecretValue(r -> r.secretId(
                created.at("/Data/ExternalIdSecretArn").asText())).secretString());

        Events update = Events.load("update.json").withProperty("RetainStreamOnDelete", "false");
        JsonNode updated = answer(update);
        assertEquals("SUCCESS", updated.get("Status").asText(), updated.toString());
        assertEquals(created.get("PhysicalResourceId"), updated.get("PhysicalResourceId"));
        assertEquals(2, openShards(STREAM));
        assertEquals(48, aws.kinesis().describeStreamSummary(r -> r.streamName(STREAM))
                .streamDescriptionSummary().retentionPeriodHours());

        // A new stream name is a replacement: a new physical id, then CloudFormation's Delete of the old one
        // with the old properties.
        Events rename = Events.load("update.json").withField("ResourceProperties", update.properties())
                .withProperty("KinesisStreamName", "meter-siem-events-2")
                .withField("OldResourceProperties", update.properties());
        JsonNode renamed = answer(rename);
        assertEquals("SUCCESS", renamed.get("Status").asText(), renamed.toString());
        String newArn = "arn:aws:kinesis:us-east-1:123456789012:stream/meter-siem-events-2";
        assertEquals(newArn, renamed.get("PhysicalResourceId").asText());
        JsonNode oldDeleted = answer(Events.load("delete.json").withField("ResourceProperties", update.properties()));
        assertEquals("SUCCESS", oldDeleted.get("Status").asText(), oldDeleted.toString());
        assertFalse(streamExists(STREAM), "the replaced stream is deleted");
        assertTrue(streamExists("meter-siem-events-2"));

        JsonNode deleted = answer(Events.load("delete.json").withPhysicalResourceId(newArn)
                .withField("ResourceProperties", rename.properties()));
        assertEquals("SUCCESS", deleted.get("Status").asText(), deleted.toString());
        assertFalse(streamExists("meter-siem-events-2"));
        assertTrue(aws.iam().listRoles().roles().stream()
                .noneMatch(role -> role.roleName().equals("MeterSIEMIntegrationRole")));
        Logs.assertStructuredAndClean(provisioner.output().substring(logMark), responses.signature());
    }

    @Test
    void handleRequest_whenRequestTypeIsNotExact_answersFailedUnderTheRuntime() {
        JsonNode answer = answer(Events.load("create.json").withField("RequestType", "create"));

        assertEquals("FAILED", answer.get("Status").asText());
        assertEquals("Invalid request: RequestType 'create' is not one of Create, Update, Delete",
                answer.get("Reason").asText());
        assertFalse(streamExists(STREAM));
    }

    /** The runtime's typed events serializer failed this request before any code of ours ran. */
    @Test
    void handleRequest_whenPropertiesAreNotAnObject_answersFailedUnderTheRuntime() {
        JsonNode answer = answer(Events.load("update.json").withField("ResourceProperties", "KinesisShardCount=2"));

        assertEquals("FAILED", answer.get("Status").asText());
        assertEquals("Invalid request: ResourceProperties must be a JSON object", answer.get("Reason").asText());
        assertEquals("arn:aws:kinesis:us-east-1:123456789012:stream/meter-siem-events",
                answer.get("PhysicalResourceId").asText());
    }

    /** The deadline the runtime reads from the Runtime API reaches the watchdog through the Context. */
    @Test
    void handleRequest_whenTheDeadlineLeavesNoTimeToWork_answersFailedBeforeIt() {
        JsonNode answer = answer(Events.load("create.json"), Duration.ofSeconds(20));

        assertEquals("FAILED", answer.get("Status").asText());
        assertTrue(answer.get("Reason").asText().startsWith("Create did not finish within the function's time"),
                answer.toString());
    }

    @Test
    void handleRequest_whenThereIsNoResponseUrl_failsTheInvocationAndServesTheNextOne() {
        int before = responses.requests().size();

        RuntimeApi.Outcome outcome = provisioner.invoke(Events.load("create.json").withoutField("ResponseURL").json());

        assertTrue(outcome.failed(), outcome.body());
        assertTrue(outcome.body().contains("The request cannot be answered: ResponseURL is missing"), outcome.body());
        assertEquals(before, responses.requests().size());
        assertEquals("FAILED", answer(Events.load("create.json").withField("RequestType", "Replace"))
                .get("Status").asText(), "the execution environment still serves requests");
    }

    /** What this layer is for: a package that lacks a jar its code loads fails here, not in an account. */
    @Test
    void package_whenAJarItLoadsIsMissing_cannotServeARequest(@TempDir Path copy) throws IOException {
        Path taskRoot = SamBuild.taskRoot(FUNCTION);
        try (Stream<Path> files = Files.walk(taskRoot)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = copy.resolve(taskRoot.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else if (!file.getFileName().toString().startsWith("kinesis-")) {
                    Files.copy(file, target);
                }
            }
        }
        try (LambdaProcess incomplete = new LambdaProcess(
                FunctionConfiguration.of(FUNCTION, DEPLOYED_WITH, Map.of()), copy, testEnvironment(responses))) {
            AssertionError failure = assertThrows(AssertionError.class, () -> incomplete.invoke(
                    Events.load("create.json").withResponseUrl(responses.url()).json(), Duration.ofSeconds(30)));

            assertTrue(failure.getMessage().contains("NoClassDefFoundError"), failure.getMessage());
            assertTrue(failure.getMessage().contains("software/amazon/awssdk/services/kinesis/"), failure.getMessage());
        }
    }

    /** Sends EVENT through the runtime; the body the function PUT to the response URL. */
    private static JsonNode answer(Events event) {
        return answer(event, Duration.ofSeconds(provisioner.timeoutSeconds()));
    }

    /** Sends EVENT with DEADLINE from now as the invocation's deadline. */
    private static JsonNode answer(Events event, Duration deadline) {
        int before = responses.requests().size();
        RuntimeApi.Outcome outcome = provisioner.invoke(event.withResponseUrl(responses.url()).json(), deadline);
        assertFalse(outcome.failed(), "the runtime reported an error: " + outcome.body());
        assertTrue(outcome.body().length() < MAX_PAYLOAD_BYTES, "Lambda's response payload limit is 6 MB");
        var requests = responses.awaitRequests(before + 1, Duration.ofSeconds(10));
        String body = requests.get(requests.size() - 1).body();
        Secrets.assertAbsentIn(body, "the answer to CloudFormation");
        JsonNode answer = Logs.json(body);
        assertEquals(answer.get("Status").asText(), Logs.json(outcome.body()).get("Status").asText(),
                "the invocation's result is the answer's status");
        return answer;
    }

    private int openShards(String stream) {
        return aws.kinesis().describeStreamSummary(r -> r.streamName(stream)).streamDescriptionSummary()
                .openShardCount();
    }

    private boolean streamExists(String stream) {
        return aws.kinesis().listStreams().streamNames().contains(stream);
    }
}
