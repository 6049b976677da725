package com.meter.siem.handler;

import static com.meter.siem.handler.Harness.POLICY_ARN;
import static com.meter.siem.handler.Harness.ROLE_NAME;
import static com.meter.siem.handler.Harness.SECRET_NAME;
import static com.meter.siem.handler.Harness.STREAM_ARN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.meter.siem.aws.AwsClients;
import com.meter.siem.aws.IamRolesAndPolicies;
import com.meter.siem.aws.KinesisStreams;
import com.meter.siem.aws.SecretsManagerSecrets;
import com.meter.siem.health.AlertMessage;
import com.meter.siem.health.CheckStatus;
import com.meter.siem.health.ExpectedStream;
import com.meter.siem.health.ExternalIdRotationSettings;
import com.meter.siem.health.Finding;
import com.meter.siem.health.HealthChecker;
import com.meter.siem.health.HealthConfig;
import com.meter.siem.health.HealthReport;
import com.meter.siem.health.HealthSettings;
import com.meter.siem.integration.ExternalIdRotation;
import com.meter.siem.provisioning.Propagation;
import com.meter.siem.testing.DiscardedFindings;
import com.meter.siem.testing.Events;
import com.meter.siem.testing.FaultProxy.Fault;
import com.meter.siem.testing.FaultProxy;
import com.meter.siem.testing.MotoExtension;
import com.meter.siem.testing.MotoServer;
import com.meter.siem.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.kinesis.model.EncryptionType;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * The product under AWS faults: the handler and the health checker make their calls through a
 * {@link FaultProxy} in front of moto, with the production clients (timeouts, six attempts, backoff),
 * while every assertion reads moto's real state directly, past the proxy.
 */
@ExtendWith(MotoExtension.class)
class FaultsIT {
    private static final String STREAM = "meter-siem-events";
    private static final String RENAMED_ROLE = "MeterSiemWriter";
    private static final String TABLE = "meter-siem-alert-state";
    /** The production retry policy: one attempt and five retries. */
    private static final int ATTEMPTS = 6;
    /** Not a predecessor of this stack (another name): its secret is never restored and taken over. */
    private static final String OTHER_STACK_ID =
            "arn:aws:cloudformation:us-east-1:123456789012:stack/meter-siem-dev/0e9d8c70-b1a2-11ef-8e7f-0a9b8c7d6e5f";
    /** Four attempts with millisecond pauses, where production waits half a minute to two minutes. */
    private static final Propagation SHORT_PROPAGATION = new Propagation(Collections.nCopies(3, Duration.ofMillis(10)));
    /** IAM's answer to AttachRolePolicy for a few seconds after CreatePolicy (HTTP 404 in AWS). */
    private static final Fault POLICY_NOT_YET_KNOWN = FaultProxy.refusal("NoSuchEntity",
            "Policy " + POLICY_ARN + " does not exist or is not attachable.");

    private final Harness aws = new Harness();
    private final FaultProxy proxy = new FaultProxy(MotoServer.endpoint());
    /** The clients the function builds, pointed at the proxy. */
    private final AwsClients proxied = aws.clients.withEndpoint(proxy.endpoint());

    @BeforeEach
    void sendTheHandlersCallsThroughTheProxy() {
        aws.streamGateway = new KinesisStreams(proxied.kinesis(), Duration.ofSeconds(10), Duration.ofMillis(50));
        aws.iamGateway = new IamRolesAndPolicies(proxied.iam());
        aws.secretGateway = new SecretsManagerSecrets(proxied.secretsManager());
    }

    /** Only masking the IDs a run handled hides this one: the error quotes it with no sts:ExternalId around it. */
    @Test
    void update_whenAnAwsErrorQuotesTheNewGeneratedId_masksItInTheAnswerAndTheLog() {
        assertEquals("SUCCESS", aws.invoke(Harness.create()).get("Status").asText());
        proxy.on("secretsmanager:PutSecretValue").always(FaultProxy.refusalQuoting("InvalidParameterException",
                "SecretString"));
        try (LogCapture logs = new LogCapture()) {
            JsonNode answer = aws.invoke(Harness.updateFromCreate().withProperty("ExternalIdVersion", "2")
                    .withProperty("ExternalIdRotation", "STARTED"));

            String reason = answer.get("Reason").asText();
            assertEquals("FAILED", answer.get("Status").asText());
            assertTrue(reason.contains("Invalid SecretString: ****"), reason);
            assertFalse(java.util.regex.Pattern.compile("[0-9a-f]{64}").matcher(reason + logs.text()).find(),
                    "a generated external ID leaked: " + reason);
        }
    }

    @AfterEach
    void close() {
        proxy.close();
        aws.close();
    }

    // ---- Create ----

    /**
     * Fault kind, seed, and the answer that run must give. A seed fixes which calls fail, the same for every
     * kind. Throttling, 5xx and resets are retried, so at 30% every run must still succeed. Under lost
     * answers, Create's seed 3 loses CreateStream's and seed 7 CreatePolicy's: their retries meet "already
     * exists" and the run must fail cleanly; seed 11 loses only answers that a retry absorbs. Few seeds,
     * because each throttling retry backs off for up to seconds.
     */
    static Stream<Arguments> createFaults() {
        return Stream.of(3L, 7L, 11L).flatMap(seed -> Stream.of(
                Arguments.of(FaultProxy.throttle(), seed, "SUCCESS"),
                Arguments.of(FaultProxy.serverError(503), seed, "SUCCESS"),
                Arguments.of(FaultProxy.reset(), seed, "SUCCESS"),
                Arguments.of(FaultProxy.lostResponse(), seed, seed == 7 ? "SUCCESS" : "FAILED")));
    }

    /**
     * Seed 2 loses the answers to the new external ID's PutSecretValue and to the renamed role's CreateRole: the
     * Update fails after the secret was written, and its rollback gives back the ID Meter had. For the product,
     * 5xx and resets are throttling with a shorter backoff, which Create already covers.
     */
    static Stream<Arguments> updateFaults() {
        return Stream.of(Arguments.of(FaultProxy.throttle(), 3L, "SUCCESS"),
                Arguments.of(FaultProxy.lostResponse(), 2L, "FAILED"));
    }

    /** Seed 1 loses the answers to DeleteRole and DeleteStream, which are done when retried. */
    static Stream<Arguments> deleteFaults() {
        return Stream.of(Arguments.of(FaultProxy.throttle(), 1L, "SUCCESS"),
                Arguments.of(FaultProxy.lostResponse(), 1L, "SUCCESS"));
    }

    @ParameterizedTest(name = "{0} on 30% of calls, seed {1}")
    @MethodSource("createFaults")
    void create_whenCallsFailAtRandom_succeedsCompletelyOrFailsLeavingNothing(Fault fault, long seed,
                                                                               String expected) {
        proxy.on("*").atRate(0.3, seed, fault);

        JsonNode response = aws.invoke(Harness.create());

        report("Create", fault, seed, response);
        assertTrue(proxy.injectedCount() > 0, "the run met no fault");
        assertCompleteOrNothingLeft(response);
        assertEquals(expected, response.get("Status").asText(), () -> response.path("Reason").asText());
    }

    @ParameterizedTest(name = "lost answer to {0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            kinesis:CreateStream        | FAILED  | create stream meter-siem-events
            secretsmanager:CreateSecret | SUCCESS |
            iam:CreatePolicy            | FAILED  | create policy MeterSIEMKinesisWritePolicy
            iam:CreateRole              | FAILED  | create role MeterSIEMIntegrationRole
            iam:AttachRolePolicy        | SUCCESS |
            """)
    void create_whenTheAnswerToACreatingCallIsLost_succeedsCompletelyOrFailsLeavingNothing(String call,
                                                                                           String expected,
                                                                                           String step) {
        // AWS performed the call but the caller never heard, so the SDK's retry repeats a call that took
        // effect: "already exists" for a stream, policy or role. Secrets Manager's retry carries the same
        // idempotency token and gets the same secret; attaching a policy twice changes nothing.
        proxy.on(call).next(1, FaultProxy.lostResponse());

        JsonNode response = aws.invoke(Harness.create());

        report("Create", FaultProxy.lostResponse(), 0, response);
        assertEquals(1, proxy.injectedCount());
        assertCompleteOrNothingLeft(response);
        assertEquals(expected, response.get("Status").asText(), () -> response.path("Reason").asText());
        if (step != null) {
            assertTrue(response.get("Reason").asText().startsWith("Create failed at step '" + step + "'"),
                    response.get("Reason").asText());
        }
    }

    @Test
    void create_whenKinesisThrottlesItsControlPlane_retriesAndSucceeds() {
        // Kinesis says LimitExceededException "Rate exceeded", which the SDK does not count as throttling by
        // itself; the clients' retry policy must, or one busy moment fails the stack.
        proxy.on("kinesis:*").next(3, FaultProxy.throttle());

        JsonNode response = aws.invoke(Harness.create());

        assertEquals("SUCCESS", response.get("Status").asText(), () -> response.path("Reason").asText());
        assertEquals(3, proxy.injectedCount());
        assertCompleteIntegration();
    }

    @Test
    void create_whenOneMidwayCallAlwaysFails_failsNamingTheStepAndLeavesNothing() {
        proxy.on("iam:CreatePolicy").always(FaultProxy.serverError(500));

        JsonNode response = aws.invoke(Harness.create());

        assertEquals("FAILED", response.get("Status").asText());
        assertEquals("Create failed at step 'create policy MeterSIEMKinesisWritePolicy': InternalFailure: Injected"
                + " HTTP 500 by FaultProxy. Removed what this attempt created: secret " + SECRET_NAME
                + ", stream " + STREAM + ".", response.get("Reason").asText());
        assertEquals(ATTEMPTS, proxy.injectedCount(), "the SDK tried as often as the production policy says");
        assertNothingLeft();
    }

    @Test
    void create_whenAnAttachLandsUnheardAndItsRetriesFail_detachesBeforeRemovingTheRole() {
        // The first AttachRolePolicy takes effect but its answer is lost; every retry then fails. A rollback
        // that did not know of the attachment could delete neither role nor policy (DeleteConflict).
        proxy.on("iam:AttachRolePolicy").next(1, FaultProxy.lostResponse());
        proxy.on("iam:AttachRolePolicy").always(FaultProxy.serverError(500));

        JsonNode response = aws.invoke(Harness.create());

        assertEquals("FAILED", response.get("Status").asText());
        assertEquals("Create failed at step 'attach policy MeterSIEMKinesisWritePolicy to role MeterSIEMIntegrationRole':"
                + " InternalFailure: Injected HTTP 500 by FaultProxy. Removed what this attempt created: attachment of"
                + " MeterSIEMKinesisWritePolicy, role MeterSIEMIntegrationRole, policy MeterSIEMKinesisWritePolicy,"
                + " secret " + SECRET_NAME + ", stream " + STREAM + ".", response.get("Reason").asText());
        assertNothingLeft();
    }

    @Test
    void create_whenIamDoesNotKnowTheNewPolicyAtFirst_attachesItOnceItDoes() {
        aws.iamGateway = new IamRolesAndPolicies(proxied.iam(), SHORT_PROPAGATION);
        proxy.on("iam:AttachRolePolicy").next(SHORT_PROPAGATION.attempts() - 1, POLICY_NOT_YET_KNOWN);

        JsonNode response = aws.invoke(Harness.create());

        assertEquals("SUCCESS", response.get("Status").asText(), response::toString);
        assertEquals(SHORT_PROPAGATION.attempts(), proxy.calls().stream().filter("iam:AttachRolePolicy"::equals).count());
        assertEquals(List.of(POLICY_ARN), aws.iam.listAttachedRolePolicies(r -> r.roleName(ROLE_NAME)).attachedPolicies()
                .stream().map(p -> p.policyArn()).toList());
    }

    @Test
    void create_whenIamNeverKnowsTheNewPolicy_failsAfterTheBoundedAttemptsAndLeavesNothing() {
        aws.iamGateway = new IamRolesAndPolicies(proxied.iam(), SHORT_PROPAGATION);
        proxy.on("iam:AttachRolePolicy").always(POLICY_NOT_YET_KNOWN);

        JsonNode response = aws.invoke(Harness.create());

        assertEquals("FAILED", response.get("Status").asText());
        assertEquals("Create failed at step 'attach policy MeterSIEMKinesisWritePolicy to role MeterSIEMIntegrationRole':"
                + " NoSuchEntity: Policy " + POLICY_ARN + " does not exist or is not attachable.. IAM still did not know"
                + " policy MeterSIEMKinesisWritePolicy or role MeterSIEMIntegrationRole after 4 attempts over 0 s. IAM"
                + " takes a moment to propagate what was just created: deploy again. Removed what this attempt"
                + " created: role MeterSIEMIntegrationRole, policy MeterSIEMKinesisWritePolicy, secret "
                + SECRET_NAME + ", stream " + STREAM + ".", response.get("Reason").asText());
        assertEquals(SHORT_PROPAGATION.attempts(), proxy.calls().stream().filter("iam:AttachRolePolicy"::equals).count(),
                "exactly the bounded attempts: the SDK does not retry NoSuchEntity itself");
        assertNothingLeft();
    }

    // ---- Secrets Manager deletes in the background ----
    // A secret deleted without recovery keeps its name for a moment; one scheduled for deletion keeps it for
    // days and cannot be read. The proxy refuses CreateSecret of a name scheduled for deletion as AWS does.

    @Test
    void create_whenTheNameIsRefusedWhileAnEarlierSecretIsRemoved_retriesAndSucceeds() {
        aws.secretGateway = new SecretsManagerSecrets(proxied.secretsManager(), SHORT_PROPAGATION);
        proxy.on("secretsmanager:CreateSecret").next(2, FaultProxy.refusal("InvalidRequestException",
                FaultProxy.SECRET_NAME_SCHEDULED_FOR_DELETION));

        JsonNode response = aws.invoke(Harness.create());

        assertEquals("SUCCESS", response.get("Status").asText(), response::toString);
        assertEquals(3, createSecretCalls());
    }

    /**
     * The secret of an earlier stack of the same name, scheduled for deletion and never removed within the
     * wait: Create fails after exactly the bounded attempts, saying what to do, and leaves nothing of its
     * own; once the old secret is deleted for good, Create succeeds.
     */
    @Test
    void create_whenASecretOfThatNameNotOfThisStackNameStaysScheduledForDeletion_failsClearlyThenSucceedsOnceItIsGone() {
        aws.secrets.createSecret(r -> r.name(SECRET_NAME).secretString("another stack's external ID")
                .tags(Tag.builder().key("meter-siem:stack-id").value(OTHER_STACK_ID).build(),
                        Tag.builder().key("meter-siem:logical-id").value("MeterSiemIntegration").build()));
        aws.secrets.deleteSecret(r -> r.secretId(SECRET_NAME).recoveryWindowInDays(7L));
        aws.secretGateway = new SecretsManagerSecrets(proxied.secretsManager(), SHORT_PROPAGATION);

        JsonNode failed = aws.invoke(Harness.create());

        assertEquals("FAILED", failed.get("Status").asText());
        assertEquals("Create failed at step 'create secret " + SECRET_NAME + "': InvalidRequestException: "
                + FaultProxy.SECRET_NAME_SCHEDULED_FOR_DELETION + ". a secret named " + SECRET_NAME + " that this"
                + " stack did not create is scheduled for deletion, and Secrets Manager still refused the name after 4"
                + " attempts over 0 s. If nothing needs that secret, delete it for good (aws secretsmanager"
                + " delete-secret --secret-id " + SECRET_NAME + " --force-delete-without-recovery) and deploy again, or"
                + " deploy under another stack name. Removed what this attempt created: stream meter-siem-events.",
                failed.get("Reason").asText());
        assertEquals(SHORT_PROPAGATION.attempts(), createSecretCalls());

        aws.secrets.deleteSecret(r -> r.secretId(SECRET_NAME).forceDeleteWithoutRecovery(true));
        JsonNode created = aws.invoke(Harness.create());

        assertEquals("SUCCESS", created.get("Status").asText(), created::toString);
    }

    /** The trust policy still holds the secret's ID: the stack takes its own secret back and converges. */
    @Test
    void update_whenSomeoneScheduledTheStacksSecretForDeletion_restoresItAndKeepsTheId() {
        aws.invoke(Harness.create());
        String id = aws.secretValue(SECRET_NAME);
        aws.secrets.deleteSecret(r -> r.secretId(SECRET_NAME).recoveryWindowInDays(7L));

        JsonNode response = aws.invoke(Harness.updateFromCreate());

        assertEquals("SUCCESS", response.get("Status").asText(), response::toString);
        assertNull(aws.secrets.describeSecret(r -> r.secretId(SECRET_NAME)).deletedDate(), "restored");
        assertEquals(id, aws.secretValue(SECRET_NAME));
        assertEquals(id, aws.trustPolicy(Harness.ROLE_NAME).at("/Statement/0/Condition/StringEquals")
                .path("sts:ExternalId").asText(), "the trust policy and the secret agree");
    }

    // ---- Update ----

    @ParameterizedTest(name = "{0} on 30% of calls, seed {1}")
    @MethodSource("updateFaults")
    void update_whenCallsFailAtRandom_convergesOrFailsAndRollsBackCleanly(Fault fault, long seed, String expected) {
        assertEquals("SUCCESS", aws.invoke(Harness.create()).get("Status").asText());
        String idBefore = aws.secretValue(SECRET_NAME);
        proxy.on("*").atRate(0.3, seed, fault);

        JsonNode response = aws.invoke(widerUpdate());

        report("Update", fault, seed, response);
        assertEquals(expected, response.get("Status").asText(), () -> response.path("Reason").asText());
        proxy.clear();
        if (response.get("Status").asText().equals("SUCCESS")) {
            assertIntegration(2, 48, RENAMED_ROLE, true);
            assertFalse(aws.roleExists(ROLE_NAME), "the renamed role replaced the old one");
            assertEquals(idBefore, aws.trustedExternalIds(RENAMED_ROLE).get(1), "the ID Meter had is still accepted");
        } else {
            assertTrue(response.get("Reason").asText().startsWith("Update failed at step '"),
                    response.get("Reason").asText());
            assertFalse(aws.roleExists(RENAMED_ROLE), "the role the failed Update created went with it");
            // CloudFormation answers a failed Update with an Update back to the old properties.
            JsonNode rollback = aws.invoke(rollbackOfWiderUpdate());
            assertEquals("SUCCESS", rollback.get("Status").asText(), () -> rollback.path("Reason").asText());
            assertIntegration(1, 24, ROLE_NAME, false);
            assertEquals(idBefore, aws.secretValue(SECRET_NAME), "the rollback gives back the ID Meter had");
        }
    }

    // ---- Delete ----

    @ParameterizedTest(name = "{0} on 30% of calls, seed {1}")
    @MethodSource("deleteFaults")
    void delete_whenCallsFailAtRandom_removesEverythingNowOrOnRetry(Fault fault, long seed, String expected) {
        Events delete = Harness.delete().withProperty("RetainStreamOnDelete", "false");
        assertEquals("SUCCESS", aws.invoke(Harness.create().withProperty("RetainStreamOnDelete", "false"))
                .get("Status").asText());
        proxy.on("*").atRate(0.3, seed, fault);

        JsonNode response = aws.invoke(delete);

        report("Delete", fault, seed, response);
        assertEquals(expected, response.get("Status").asText(), () -> response.path("Reason").asText());
        proxy.clear();
        if (!response.get("Status").asText().equals("SUCCESS")) {
            // CloudFormation retries a failed Delete; the retry must finish the job.
            JsonNode retry = aws.invoke(delete);
            assertEquals("SUCCESS", retry.get("Status").asText(), () -> retry.path("Reason").asText());
        }
        assertNothingLeft();
    }

    @Test
    void delete_whenOneCallAlwaysFails_failsNamingTheStepThenSucceedsOnRetry() {
        assertEquals("SUCCESS", aws.invoke(Harness.create()).get("Status").asText());
        proxy.on("iam:DeleteRole").always(FaultProxy.serverError(500));

        JsonNode failed = aws.invoke(Harness.delete());

        assertEquals("FAILED", failed.get("Status").asText());
        assertEquals("Delete failed at step 'delete role MeterSIEMIntegrationRole': InternalFailure: Injected HTTP 500"
                + " by FaultProxy.", failed.get("Reason").asText());
        proxy.clear();

        JsonNode retried = aws.invoke(Harness.delete());

        assertEquals("SUCCESS", retried.get("Status").asText(), () -> retried.path("Reason").asText());
        assertFalse(aws.roleExists(ROLE_NAME));
        assertFalse(aws.policyExists(POLICY_ARN));
        assertFalse(aws.secretExists(SECRET_NAME));
        assertEquals("ACTIVE", aws.stream(STREAM).streamStatusAsString(), "RetainStreamOnDelete keeps the stream");
    }

    // ---- Delays and the watchdog ----

    @Test
    void create_whenACallIsDelayedPastTheDeadline_watchdogAnswersFailedInTimeAndRollbackCleansUp() {
        proxy.on("iam:CreatePolicy").next(1, FaultProxy.delay(Duration.ofSeconds(5)));
        long started = System.nanoTime();

        JsonNode response = aws.invoke(Harness.create().withProperty("RetainStreamOnDelete", "false"),
                Duration.ofSeconds(3));

        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(tookMillis < 3000, "answered after " + tookMillis + " ms, past the function's deadline");
        assertEquals("FAILED", response.get("Status").asText());
        assertEquals("Create did not finish within the function's time and was abandoned during step 'create policy"
                + " MeterSIEMKinesisWritePolicy'; what it created is removed by CloudFormation's rollback",
                response.get("Reason").asText());
        // The held call lands late; the abandoned run must make no further call once it returns.
        proxy.awaitIdle(Duration.ofSeconds(15));
        pause(Duration.ofMillis(500));
        List<String> calls = proxy.calls();
        assertEquals("iam:CreatePolicy", calls.get(calls.size() - 1), "calls after abandonment: " + calls);

        JsonNode rollback = aws.invoke(Harness.delete().withProperty("RetainStreamOnDelete", "false")
                .withPhysicalResourceId(response.get("PhysicalResourceId").asText()));

        assertEquals("SUCCESS", rollback.get("Status").asText(), () -> rollback.path("Reason").asText());
        assertNothingLeft();
    }

    // ---- The health checker ----

    @Test
    void healthCheck_whenMetricReadsFailEveryAttempt_reportsUnknownAndMetricsUnavailableNeverHealthy() {
        assertMetricChecksUnknownWhenReadsFail(() -> proxy.on("monitoring:GetMetricData")
                .always(FaultProxy.serverError(503)), Map.of("ServerError", 6L));
    }

    @Test
    void healthCheck_whenMetricReadsEndThrottled_reportsUnknownAndMetricsUnavailableNeverHealthy() {
        // Throttling on all six attempts would spend 15 to 31 s in the SDK's throttling backoff; 5xx first,
        // then throttling on the last attempt, hands the checker the same final Throttling error.
        assertMetricChecksUnknownWhenReadsFail(() -> {
            proxy.on("monitoring:GetMetricData").next(ATTEMPTS - 1, FaultProxy.serverError(503));
            proxy.on("monitoring:GetMetricData").always(FaultProxy.throttle());
        }, Map.of("ServerError", 5L, "Throttle", 1L));
    }

    /** A failing run without traffic, then traffic the checker cannot read: it must not claim recovery. */
    private void assertMetricChecksUnknownWhenReadsFail(Runnable faults, Map<String, Long> injected) {
        Health health = new Health();
        HealthReport first = health.run();
        assertEquals(CheckStatus.FAILING, health.finding(first, "NoIncomingRecords").status(), "no traffic yet");
        health.clock.advance(Duration.ofMinutes(5));
        health.traffic(15, 100, 10_000);
        faults.run();

        HealthReport report = health.run();

        assertEquals(injected, proxy.injectedByKind(), "every attempt the production policy makes failed");
        for (String check : List.of("NoIncomingRecords", "ThrottledWrites", "CapacityHeadroom", "OverProvisioned")) {
            assertEquals(CheckStatus.UNKNOWN, health.finding(report, check).status(), check);
        }
        assertEquals(CheckStatus.FAILING, health.finding(report, "MetricsUnavailable").status());
        assertEquals(List.of("WARNING FAILING: MetricsUnavailable on meter-siem-events (123456789012 us-east-1)"),
                report.sent().stream().map(AlertMessage::subject).toList(),
                "records the checker cannot see resolve nothing");
    }

    @Test
    void healthCheck_whenMetricReadsAreThrottledBriefly_retriesAndReadsThem() {
        Health health = new Health();
        health.traffic(15, 100, 10_000);
        proxy.on("monitoring:GetMetricData").next(2, FaultProxy.throttle());

        HealthReport report = health.run();

        assertEquals(2, proxy.injectedCount());
        assertEquals(CheckStatus.OK, health.finding(report, "NoIncomingRecords").status());
        assertEquals(CheckStatus.OK, health.finding(report, "MetricsUnavailable").status());
    }

    @Test
    void healthCheck_whenTheStreamCannotBeDescribed_reportsItsChecksUnknownNotUnavailable() {
        Health health = new Health();
        health.traffic(15, 100, 10_000);
        proxy.on("kinesis:DescribeStreamSummary").always(FaultProxy.serverError(500));

        HealthReport report = health.run();

        Finding availability = health.finding(report, "StreamUnavailable");
        assertEquals(CheckStatus.UNKNOWN, availability.status(), availability.summary());
        for (String check : List.of("MetricsUnavailable", "NoIncomingRecords", "ThrottledWrites", "CapacityHeadroom",
                "OverProvisioned", "RetentionLowered", "EncryptionChanged", "ShardMetricsDisabled")) {
            Finding finding = health.finding(report, check);
            assertEquals(CheckStatus.UNKNOWN, finding.status(), check);
            // The summary is logged: an outage of the Kinesis API must not read as a deleted or inactive stream.
            assertFalse(finding.summary().contains("not found") || finding.summary().contains("not ACTIVE"),
                    check + ": " + finding.summary());
        }
        assertEquals(0, report.failing());
        assertEquals(List.of(), report.sent(), "nothing is known to be wrong, so nobody is paged");
    }

    @ParameterizedTest(name = "{0} fails every attempt")
    @ValueSource(strings = {"iam:GetRole", "iam:GetPolicyVersion", "secretsmanager:GetSecretValue"})
    void healthCheck_whenTheRoleCannotBeRead_reportsTheDriftChecksUnknown(String call) {
        Health health = new Health();
        health.traffic(15, 100, 10_000);
        proxy.on(call).always(FaultProxy.serverError(500));

        HealthReport report = health.run();

        assertEquals(ATTEMPTS, proxy.injectedCount());
        for (String check : List.of("RoleMissing", "TrustPolicyChanged", "WritePolicyChanged")) {
            assertEquals(CheckStatus.UNKNOWN, health.finding(report, check).status(), check);
        }
        assertEquals(0, report.failing());
        assertEquals(List.of(), report.sent());
    }

    @Test
    void healthCheck_whenTheAnswerToAnAlertStateWriteIsLost_stillAlertsOnce() {
        // DynamoDB stores the new state but the answer is lost; the SDK's retry then fails its condition on
        // the version it has just written. That must not read as "another run already alerted".
        Health health = new Health();
        proxy.on("dynamodb:PutItem").next(1, FaultProxy.lostResponse());

        HealthReport report = health.run();

        assertEquals(1, proxy.injectedCount());
        assertEquals(List.of("CRITICAL FAILING: NoIncomingRecords on meter-siem-events (123456789012 us-east-1)"),
                report.sent().stream().map(AlertMessage::subject).toList());
        health.clock.advance(Duration.ofMinutes(5));
        assertEquals(List.of(), health.run().sent(), "the state was stored once, so no second alert");
    }

    @Test
    void healthCheck_whenAnAlertCannotBePublished_failsTheRunAndTheNextRunSendsIt() {
        Health health = new Health();
        proxy.on("sns:Publish").always(FaultProxy.serverError(500));

        assertThrows(SdkException.class, health::run, "the run fails, so the checker-errors alarm fires");

        proxy.clear();
        health.clock.advance(Duration.ofMinutes(5));
        assertEquals(List.of("CRITICAL FAILING: NoIncomingRecords on meter-siem-events (123456789012 us-east-1)"),
                health.run().sent().stream().map(AlertMessage::subject).toList(),
                "the unsent alert's state was given back, so this run sends it");
        health.clock.advance(Duration.ofMinutes(5));
        assertEquals(List.of(), health.run().sent(), "and only once");
    }

    @Test
    void healthCheck_whenAResolutionCannotBePublished_theNextRunSendsIt() {
        Health health = new Health();
        assertEquals(1, health.run().sent().size(), "no traffic yet: alerted");
        health.clock.advance(Duration.ofMinutes(5));
        health.traffic(15, 100, 10_000);
        proxy.on("sns:Publish").always(FaultProxy.serverError(503));

        assertThrows(SdkException.class, health::run);

        proxy.clear();
        health.clock.advance(Duration.ofMinutes(5));
        assertEquals(List.of("RESOLVED: NoIncomingRecords on meter-siem-events (123456789012 us-east-1)"),
                health.run().sent().stream().map(AlertMessage::subject).toList());
    }

    /** The health checker as the function wires it, over the proxied clients, after a clean Create. */
    private final class Health {
        final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MINUTES));
        final HealthChecker checker;

        Health() {
            assertEquals("SUCCESS", aws.invoke(Harness.create()).get("Status").asText());
            aws.clients.dynamoDb().createTable(r -> r.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("AlertKey")
                            .attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("AlertKey").keyType(KeyType.HASH).build()));
            String topicArn = aws.clients.sns().createTopic(r -> r.name("meter-siem-alerts")).topicArn();
            String secretArn = aws.secrets.describeSecret(r -> r.secretId(SECRET_NAME)).arn();
            HealthConfig config = new HealthConfig(List.of(STREAM), ROLE_NAME, POLICY_ARN, secretArn,
                    "arn:aws:iam::458553032353:role/Meter-data-export",
                    new ExpectedStream(24, "alias/aws/kinesis",
                            Set.of("IncomingBytes", "IncomingRecords", "OutgoingBytes", "OutgoingRecords")),
                    "", "aws", "123456789012", "us-east-1", topicArn, TABLE, false,
                    "https://us-east-1.console.aws.amazon.com/cloudwatch/home#dashboards/dashboard/x",
                    HealthSettings.defaults(), new ExternalIdRotationSettings(ExternalIdRotation.FINISHED, Duration.ofDays(7)));
            checker = HealthCheckHandler.wire(config, new DiscardedFindings(), clock, proxied);
            // Meter wrote (and the SIEM read) six hours ago: these runs are about faults, not the first connection.
            Instant before = clock.instant().minus(Duration.ofHours(6));
            for (String metric : List.of("IncomingRecords", "GetRecords.Records")) {
                put(metric, before, 10);
            }
        }

        HealthReport run() {
            return checker.run();
        }

        /** Steady traffic over the last minutes, put straight into moto's CloudWatch. */
        void traffic(int minutes, double records, double bytes) {
            for (int ago = 3; ago < 3 + minutes; ago++) {
                Instant at = clock.instant().minus(Duration.ofMinutes(ago));
                put("IncomingRecords", at, records);
                put("IncomingBytes", at, bytes);
            }
        }

        private void put(String metric, Instant at, double value) {
            aws.clients.cloudWatch().putMetricData(r -> r.namespace("AWS/Kinesis").metricData(MetricDatum.builder()
                    .metricName(metric).value(value).timestamp(at)
                    .dimensions(Dimension.builder().name("StreamName").value(STREAM).build()).build()));
        }

        Finding finding(HealthReport report, String check) {
            return report.findings().get(STREAM).stream().filter(f -> f.check().equals(check)).findFirst()
                    .orElseThrow(() -> new AssertionError("no finding " + check));
        }
    }

    // ---- State, read from moto past the proxy ----

    /** update.json's changes (2 shards, 48 h) plus a role rename and the start of an external ID rotation. */
    private static Events widerUpdate() {
        return Harness.update().withProperty("IamRoleName", RENAMED_ROLE).withProperty("ExternalIdVersion", "2")
                .withProperty("ExternalIdRotation", "STARTED");
    }

    /** The Update CloudFormation sends to roll a failed Update back: old and new properties swapped. */
    private static Events rollbackOfWiderUpdate() {
        return Harness.updateFromCreate().withOldProperty("KinesisShardCount", "2")
                .withOldProperty("KinesisRetentionHours", "48").withOldProperty("IamRoleName", RENAMED_ROLE)
                .withOldProperty("ExternalIdVersion", "2").withOldProperty("ExternalIdRotation", "STARTED");
    }

    private void assertCompleteOrNothingLeft(JsonNode response) {
        if (response.get("Status").asText().equals("SUCCESS")) {
            assertEquals(STREAM_ARN, response.get("PhysicalResourceId").asText());
            assertCompleteIntegration();
        } else {
            assertTrue(response.get("Reason").asText().startsWith("Create failed at step '"),
                    response.get("Reason").asText());
            assertNothingLeft();
        }
    }

    private void assertCompleteIntegration() {
        assertIntegration(1, 24, ROLE_NAME, false);
    }

    /**
     * Exactly one of each, in the state the properties describe, the trust policy holding the secret's ID, and
     * its previous one during a rotation.
     */
    private void assertIntegration(int shards, int retentionHours, String roleName, boolean rotationStarted) {
        var stream = aws.stream(STREAM);
        assertEquals("ACTIVE", stream.streamStatusAsString());
        assertEquals("PROVISIONED", stream.streamModeDetails().streamModeAsString());
        assertEquals(shards, stream.openShardCount());
        assertEquals(retentionHours, stream.retentionPeriodHours());
        assertEquals(Set.of("IncomingBytes", "IncomingRecords", "OutgoingBytes", "OutgoingRecords"),
                Set.copyOf(stream.enhancedMonitoring().get(0).shardLevelMetricsAsStrings()));
        assertEquals(EncryptionType.KMS, stream.encryptionType());
        assertEquals("alias/aws/kinesis", stream.keyId());
        assertEquals("MeterSiemIntegration", aws.streamTags(STREAM).get("meter-siem:logical-id"));
        assertEquals(List.of(STREAM), aws.kinesis.listStreams().streamNames());
        String externalId = aws.secretValue(SECRET_NAME);
        assertTrue(externalId.matches("[0-9a-f]{64}"));
        List<String> accepted = rotationStarted ? List.of(externalId, aws.previousSecretValue(SECRET_NAME))
                : List.of(externalId);
        assertEquals(accepted, aws.trustedExternalIds(roleName));
        assertEquals("arn:aws:iam::458553032353:role/Meter-data-export",
                aws.trustPolicy(roleName).at("/Statement/0/Principal/AWS").asText());
        assertEquals(1, aws.trustPolicy(roleName).path("Statement").size());
        assertEquals(Harness.read("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
                 "Action":["kinesis:PutRecord","kinesis:PutRecords"],
                 "Resource":"%s"}]}""".formatted(STREAM_ARN)), aws.attachedPolicyDocument(roleName));
        assertEquals(List.of(roleName), aws.iam.listRoles().roles().stream().map(r -> r.roleName()).toList());
        assertEquals(List.of(POLICY_ARN), aws.iam.listPolicies(r -> r.scope("Local")).policies().stream()
                .map(p -> p.arn()).toList());
        assertEquals(1, aws.secrets.listSecrets().secretList().size());
    }

    /** No stream, role, policy or secret: what a failed attempt created went with it. */
    private long createSecretCalls() {
        return proxy.calls().stream().filter("secretsmanager:CreateSecret"::equals).count();
    }

    private void assertNothingLeft() {
        assertEquals(List.of(), aws.kinesis.listStreams().streamNames(), "orphaned stream");
        assertEquals(List.of(), aws.iam.listRoles().roles().stream().map(r -> r.roleName()).toList(), "orphaned role");
        assertEquals(List.of(), aws.iam.listPolicies(r -> r.scope("Local")).policies().stream().map(p -> p.arn())
                .toList(), "orphaned policy");
        assertEquals(List.of(), aws.secrets.listSecrets().secretList().stream().map(s -> s.name()).toList(),
                "orphaned secret");
    }

    /** One line per run in the test's output file, to see which way each seed went and what it met. */
    private void report(String request, Fault fault, long seed, JsonNode response) {
        String status = response.get("Status").asText();
        System.out.printf("FAULTS %s %s seed %d: %s after %d of %d calls failed %s%s%n", request, fault, seed, status,
                proxy.injectedCount(), proxy.calls().size(),
                proxy.injected().stream().map(FaultProxy.Injection::call).toList(),
                status.equals("FAILED") ? " - " + response.get("Reason").asText() : "");
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
