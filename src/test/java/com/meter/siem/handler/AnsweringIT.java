package com.meter.siem.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.meter.siem.aws.KinesisStreams;
import com.meter.siem.testing.Events;
import com.meter.siem.testing.MotoExtension;
import com.meter.siem.testing.RecordedRequest;
import com.meter.siem.testing.ResponseUrlServer;
import com.meter.siem.testing.TestContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** CloudFormation always gets an answer, in time, under 4 KB, without secrets, even when things go wrong. */
@ExtendWith(MotoExtension.class)
class AnsweringIT {
    private static final String SUPPLIED_ID = "f00dfacef00dfacef00dfacef00dfacef00dfacef00dface";
    private final Harness aws = new Harness();

    @AfterEach
    void close() {
        aws.close();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            KinesisRetentionHours | 5        | KinesisRetentionHours: must be a whole number from 24 to 8760; got '5'
            KinesisShardCount     | two      | KinesisShardCount: must be a whole number from 1 to 10000; got 'two'
            StreamMode            | FAST     | StreamMode: must be one of PROVISIONED, ON_DEMAND; got 'FAST'
            StreamEncryption      | YES      | StreamEncryption: must be one of NONE, AWS_MANAGED_KEY, CUSTOMER_MANAGED_KEY; got 'YES'
            KinesisStreamName     | bad name | KinesisStreamName: must be 1 to 128 letters, digits, '_', '.' or '-'; got 'bad name'
            IamRoleName           | a/b      | IamRoleName: must be 1 to 64 letters, digits or _+=,.@-; got 'a/b'
            RetainStreamOnDelete  | maybe    | RetainStreamOnDelete: must be true or false; got 'maybe'
            MeterServiceRoleArn   | arn:aws:iam::45855303235:role/Meter-data-export | MeterServiceRoleArn: must be the ARN of Meter's service role, e.g. arn:aws:iam::458553032353:role/Meter-data-export (12-digit account ID, no spaces); got 'arn:aws:iam::45855303235:role/Meter-data-export'
            ExternalId            | tooShort | ExternalId: must be empty or 32 to 1224 letters, digits or _+=,.@:/-; the value given (8 characters) is not
            ExistingExternalIdSecretArn | arn:aws:secretsmanager:eu-west-1:123456789012:secret:own-AbCdEf | ExistingExternalIdSecretArn: must be empty (the stack generates the external ID) or the full ARN of a Secrets Manager secret in this stack's account 123456789012 and region us-east-1, arn:aws:secretsmanager:us-east-1:123456789012:secret:NAME-AbCdEf; got 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:own-AbCdEf'
            ExistingExternalIdSecretArn | arn:aws:secretsmanager:us-east-1:210987654321:secret:own-AbCdEf | ExistingExternalIdSecretArn: must be empty (the stack generates the external ID) or the full ARN of a Secrets Manager secret in this stack's account 123456789012 and region us-east-1, arn:aws:secretsmanager:us-east-1:123456789012:secret:NAME-AbCdEf; got 'arn:aws:secretsmanager:us-east-1:210987654321:secret:own-AbCdEf'
            ExternalIdRotation    | DONE     | ExternalIdRotation: must be one of FINISHED, STARTED; got 'DONE'
            KmsKeyArn             | arn:aws:kms:us-east-1:123456789012:key/abc | KmsKeyArn: must be empty unless StreamEncryption is CUSTOMER_MANAGED_KEY
            ResourceTags          | aws:owner=me | ResourceTags: tag key 'aws:owner' is reserved (aws: and meter-siem: prefixes)
            ShardLevelMetrics     | IncomingBytes,Latency | ShardLevelMetrics: 'Latency' is not a shard-level metric; allowed: IncomingBytes, IncomingRecords, IteratorAgeMilliseconds, OutgoingBytes, OutgoingRecords, ReadProvisionedThroughputExceeded, WriteProvisionedThroughputExceeded, or ALL
            """)
    void create_whenAPropertyIsInvalid_failsNamingItAndCreatesNothing(String property, String value, String reason) {
        JsonNode response = aws.invoke(Harness.create().withProperty(property, value));

        assertEquals("FAILED", response.get("Status").asText());
        assertEquals("Invalid properties: " + reason, response.get("Reason").asText());
        assertTrue(aws.kinesis.listStreams().streamNames().isEmpty());
        assertFalse(aws.roleExists(Harness.ROLE_NAME));
        assertFalse(aws.secretExists(Harness.SECRET_NAME));
    }

    @Test
    void create_whenLegacyExternalIdHasCharactersStsRejects_failsWithoutQuotingIt() {
        String badId = "x".repeat(31) + "!secret#value";

        JsonNode response = aws.invoke(Harness.create().withProperty("ExternalId", badId));

        assertEquals("Invalid properties: ExternalId: must be empty or 32 to 1224 letters, digits or _+=,.@:/-; the"
                + " value given (44 characters) is not", response.get("Reason").asText());
    }

    @Test
    void create_whenCustomerKeyInAnotherRegionOrMissing_failsNamingTheRule() {
        JsonNode otherRegion = aws.invoke(Harness.create().withProperty("StreamEncryption", "CUSTOMER_MANAGED_KEY")
                .withProperty("KmsKeyArn", "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"));
        JsonNode missing = aws.invoke(Harness.create().withProperty("StreamEncryption", "CUSTOMER_MANAGED_KEY"));

        assertEquals("Invalid properties: KmsKeyArn: the key must be in the stream's region us-east-1; got a key in"
                + " eu-west-1", otherRegion.get("Reason").asText());
        assertEquals("Invalid properties: KmsKeyArn: is required when StreamEncryption is CUSTOMER_MANAGED_KEY; give"
                + " the key's ARN, arn:aws:kms:REGION:ACCOUNT:key/KEY-ID", missing.get("Reason").asText());
    }

    @Test
    void create_whenSeveralPropertiesInvalidAndHuge_reportsAllWithinTheSizeLimit() {
        Events event = Harness.create()
                .withProperty("KinesisStreamName", "é".repeat(5000))
                .withoutProperty("ExternalIdSecretName");
        for (int i = 0; i < 100; i++) {
            event.withProperty("Unknown" + i + "x".repeat(100), "1");
        }

        JsonNode response = aws.invoke(event);

        assertEquals("FAILED", response.get("Status").asText());
        String reason = response.get("Reason").asText();
        assertTrue(reason.startsWith("Invalid properties: KinesisStreamName: must be 1 to 128 letters, digits, '_',"
                + " '.' or '-'; got '" + "é".repeat(80) + "...'; ExternalIdSecretName: is required;"), reason);
        assertTrue(reason.endsWith("... (truncated; see the function's log)"), reason);
    }

    @Test
    void create_whenAnAwsCallHangs_theWatchdogAnswersFailedBeforeTheDeadline() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             KinesisClient pointedAtSilence = KinesisClient.builder()
                     .endpointOverride(URI.create("http://127.0.0.1:" + silent.getLocalPort()))
                     .httpClient(UrlConnectionHttpClient.create())
                     .build()) {
            List<Socket> held = holdConnections(silent);
            aws.streamGateway = new KinesisStreams(pointedAtSilence, Duration.ofSeconds(10), Duration.ofMillis(50));
            long started = System.nanoTime();

            JsonNode response = aws.invoke(Harness.create(), Duration.ofSeconds(4));

            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(tookMillis < 4000, "answered after " + tookMillis + " ms, past the function's deadline");
            assertEquals("FAILED", response.get("Status").asText());
            assertEquals(Harness.STREAM_ARN, response.get("PhysicalResourceId").asText());
            assertEquals("Create did not finish within the function's time and was abandoned during step 'describe"
                    + " stream meter-siem-events'; what it created is removed by CloudFormation's rollback",
                    response.get("Reason").asText());
            held.forEach(AnsweringIT::closeQuietly);
        }
    }

    @Test
    void create_whenTheResponseUrlFailsTwice_sendsTheSameAnswerAgain() {
        aws.responses.failNext(2, 500);

        aws.invoke(Harness.create());

        List<RecordedRequest> puts = aws.responses.awaitRequests(3, Duration.ofSeconds(10));
        assertEquals(3, puts.size());
        assertTrue(puts.stream().allMatch(put -> put.method().equals("PUT")));
        assertEquals(1, puts.stream().map(RecordedRequest::body).distinct().count());
        assertEquals("SUCCESS", Harness.read(puts.get(2).body()).get("Status").asText());
    }

    @Test
    void create_whenTheResponseUrlNeverAccepts_returnsAndLogsWithoutTheUrl() {
        aws.responses.failNext(3, 403);
        try (LogCapture logs = new LogCapture()) {
            Harness.create().withResponseUrl(aws.responses.url()).sendTo(aws.handler(),
                    TestContext.withRemainingTime(Duration.ofSeconds(60)));

            assertEquals(3, aws.responses.awaitRequests(3, Duration.ofSeconds(10)).size());
            assertTrue(logs.text().contains("could not deliver the answer to CloudFormation"));
            assertTrue(logs.text().contains("last failure: HTTP 403"));
            assertFalse(logs.text().contains(aws.responses.signature()), "the pre-signed URL is a credential");
            assertFalse(logs.text().contains("cloudformation-response"));
        }
    }

    @Test
    void create_whenTheResponseUrlHangs_givesUpOnThatAttemptAndRetries() {
        aws.responseClient = UrlConnectionHttpClient.builder().socketTimeout(Duration.ofMillis(500)).build();
        aws.responses.hangNext(1);

        aws.invoke(Harness.create());

        assertEquals(2, aws.responses.requests().size());
    }

    /** Powertools' base class answered these with an empty SUCCESS, after logging the whole event. */
    @ParameterizedTest(name = "RequestType ''{0}''")
    @ValueSource(strings = {"create", "DELETE", "Replace", ""})
    void handleRequest_whenRequestTypeIsNotExactlyCreateUpdateOrDelete_answersFailedNamingThemAndLogsNoEvent(
            String type) {
        try (LogCapture logs = new LogCapture()) {
            JsonNode answer = aws.invoke(Harness.create().withField("RequestType", type)
                    .withProperty("ExternalId", SUPPLIED_ID));

            assertEquals("FAILED", answer.get("Status").asText());
            assertEquals("Invalid request: RequestType '" + type + "' is not one of Create, Update, Delete",
                    answer.get("Reason").asText());
            assertFalse(logs.text().contains(SUPPLIED_ID), "the event was logged");
            assertFalse(logs.text().contains(aws.responses.signature()), "the response URL was logged");
        }
    }

    @Test
    void handleRequest_whenEventReadsOnlyInPart_answersFailedNamingEachProblem() {
        JsonNode answer = aws.invoke(Harness.update().withField("ResourceProperties", "KinesisShardCount=2")
                .withoutField("OldResourceProperties").withField("LogicalResourceId", 7));

        assertEquals("FAILED", answer.get("Status").asText());
        assertEquals("Invalid request: LogicalResourceId must be a string; ResourceProperties must be a JSON object;"
                + " OldResourceProperties is missing", answer.get("Reason").asText());
        assertEquals(Harness.STREAM_ARN, answer.get("PhysicalResourceId").asText());
        assertFalse(aws.streamExists("meter-siem-events"), "nothing ran");
    }

    @Test
    void handleRequest_whenEventHasNoResponseUrl_failsTheInvocationWithoutLoggingTheEvent() {
        try (LogCapture logs = new LogCapture()) {
            Events event = Harness.create().withProperty("ExternalId", SUPPLIED_ID).withoutField("ResponseURL");

            IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                    () -> event.sendTo(aws.handler(), TestContext.withRemainingTime(Duration.ofSeconds(60))));

            assertEquals("The request cannot be answered: ResponseURL is missing", failure.getMessage());
            assertTrue(logs.text().contains("request cannot be answered"));
            assertFalse(logs.text().contains(SUPPLIED_ID));
            assertTrue(aws.responses.requests().isEmpty());
        }
    }

    /** A forged request cannot make the function send anything, its answer or otherwise, to a host it chose. */
    @Test
    void handleRequest_whenTheResponseUrlIsNotCloudFormations_answersNothingAndChangesNothing() {
        try (ResponseUrlServer elsewhere = new ResponseUrlServer()) {
            Events forged = Harness.create().withResponseUrl(elsewhere.url());

            IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                    () -> forged.sendTo(aws.handler(), TestContext.withRemainingTime(Duration.ofSeconds(60))));

            assertEquals("The request is refused, and not answered: its ResponseURL is not CloudFormation's response"
                    + " endpoint for this stack and region", failure.getMessage());
            assertTrue(elsewhere.requests().isEmpty());
            assertTrue(aws.responses.requests().isEmpty());
            assertFalse(aws.streamExists("meter-siem-events"));
        }
    }

    @Test
    void handleRequest_whenAnotherStackUsesTheServiceToken_answersFailedAndChangesNothing() {
        JsonNode answer = aws.invoke(Harness.create().withField("StackId",
                "arn:aws:cloudformation:us-east-1:123456789012:stack/other-stack/0d1e2f3a-4b5c-6d7e-8f90-a1b2c3d4e5f6"));

        assertEquals("FAILED", answer.get("Status").asText());
        assertEquals("Refused: this function serves only the resources of stack " + Harness.STACK_ID
                + "; the ServiceToken cannot be used by another stack", answer.get("Reason").asText());
        assertFalse(aws.streamExists("meter-siem-events"));
    }

    @Test
    void handleRequest_whenEventIsNotJson_failsTheInvocation() {
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> Events.sendRaw("[\"Create\"]", aws.handler(), TestContext.withRemainingTime(Duration.ofSeconds(60))));

        assertEquals("The request cannot be answered: the event is not a JSON object", failure.getMessage());
    }

    @Test
    void lifecycle_whenExternalIdSupplied_neverLogsOrAnswersIt() {
        List<String> bodies = new ArrayList<>();
        try (LogCapture logs = new LogCapture()) {
            bodies.add(aws.invoke(Harness.create().withProperty("ExternalId", SUPPLIED_ID)).toString());
            bodies.add(aws.invoke(Harness.updateFromCreate().withProperty("ExternalId", SUPPLIED_ID)
                    .withProperty("MeterServiceRoleArn", "not an arn")).toString());
            bodies.add(aws.invoke(Harness.updateFromCreate().withOldProperty("ExternalId", SUPPLIED_ID)
                    .withProperty("KinesisShardCount", "3")).toString());
            bodies.add(aws.invoke(Harness.delete()).toString());

            assertFalse(logs.text().isEmpty());
            for (String text : List.of(logs.text(), String.join("\n", bodies))) {
                assertFalse(text.contains(SUPPLIED_ID), "the supplied external ID leaked");
                assertFalse(text.contains(aws.responses.signature()), "the response URL leaked");
            }
        }
    }

    @Test
    void lifecycle_whenExternalIdGenerated_neverLogsOrAnswersIt() {
        try (LogCapture logs = new LogCapture()) {
            String body = aws.invoke(Harness.create()).toString();
            String generated = aws.secretValue(Harness.SECRET_NAME);
            body += aws.invoke(Harness.updateFromCreate().withProperty("ExternalIdVersion", "2")).toString();
            String rotated = aws.secretValue(Harness.SECRET_NAME);

            for (String secret : List.of(generated, rotated)) {
                assertFalse(logs.text().contains(secret));
                assertFalse(body.contains(secret));
            }
        }
    }

    private static List<Socket> holdConnections(ServerSocket server) {
        List<Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    held.add(server.accept());
                } catch (IOException closed) {
                    return;
                }
            }
        });
        return held;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // test cleanup
        }
    }
}
