package com.meter.siem.handler;

import static com.meter.siem.handler.Harness.POLICY_ARN;
import static com.meter.siem.handler.Harness.ROLE_NAME;
import static com.meter.siem.handler.Harness.SECRET_NAME;
import static com.meter.siem.handler.Harness.STREAM_ARN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.meter.siem.provisioning.IamGateway;
import com.meter.siem.testing.MotoExtension;
import com.meter.siem.testing.Rendezvous;
import com.meter.siem.testing.TestContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MotoExtension.class)
class DeleteIT {
    private final Harness aws = new Harness();

    @AfterEach
    void close() {
        aws.close();
    }

    @Test
    void delete_whenRetainStreamOnDeleteDefault_removesAccessAndKeepsTheStream() {
        aws.invoke(Harness.create());

        JsonNode response = aws.invoke(Harness.delete());

        assertEquals("SUCCESS", response.get("Status").asText());
        assertEquals(STREAM_ARN, response.get("PhysicalResourceId").asText());
        assertFalse(aws.roleExists(ROLE_NAME));
        assertFalse(aws.policyExists(POLICY_ARN));
        assertFalse(aws.secretExists(SECRET_NAME));
        assertEquals("ACTIVE", aws.stream("meter-siem-events").streamStatusAsString(), "buffered events are kept");
    }

    @Test
    void delete_whenRetainStreamOnDeleteFalse_deletesTheStreamToo() {
        aws.invoke(Harness.create().withProperty("RetainStreamOnDelete", "false"));

        JsonNode response = aws.invoke(Harness.delete().withProperty("RetainStreamOnDelete", "false"));

        assertEquals("SUCCESS", response.get("Status").asText());
        assertFalse(aws.streamExists("meter-siem-events"));
        assertFalse(aws.roleExists(ROLE_NAME));
    }

    @Test
    void delete_whenRepeated_succeedsAgain() {
        aws.invoke(Harness.create());
        aws.invoke(Harness.delete().withProperty("RetainStreamOnDelete", "false"));

        JsonNode again = aws.invoke(Harness.delete().withProperty("RetainStreamOnDelete", "false"));

        assertEquals("SUCCESS", again.get("Status").asText());
    }

    /** A later release may tighten a rule: its Delete must still remove what an earlier one created. */
    @Test
    void delete_whenThePropertiesNoLongerPassValidation_stillRemovesWhatTheStackOwns() {
        aws.invoke(Harness.create());

        JsonNode response = aws.invoke(Harness.delete().withProperty("RetainStreamOnDelete", "false")
                .withProperty("KinesisShardCount", "0").withProperty("ShardLevelMetrics", List.of("Latency"))
                .withProperty("APropertyOfAFutureRelease", "x"));

        assertEquals("SUCCESS", response.get("Status").asText(), response.toString());
        assertFalse(aws.streamExists("meter-siem-events"));
        assertFalse(aws.roleExists(ROLE_NAME));
        assertFalse(aws.policyExists(POLICY_ARN));
        assertFalse(aws.secretExists(SECRET_NAME));
    }

    @Test
    void delete_whenTwoArriveAtOnce_bothSucceedAndNothingOwnedRemains() {
        aws.invoke(Harness.create());
        var event = Harness.delete().withProperty("RetainStreamOnDelete", "false")
                .withResponseUrl(aws.responses.url());

        // Both read the role before either deletes anything, each on a thread of its own.
        aws.iamGateway = new Rendezvous(2).after(IamGateway.class, aws.iamGateway, "role");
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Stream.of(aws.handler(), aws.handler())
                    .map(handler -> CompletableFuture.runAsync(() -> event.sendTo(handler,
                            TestContext.withRemainingTime(Duration.ofSeconds(60))), threads))
                    .toList().forEach(CompletableFuture::join);
        } finally {
            threads.shutdownNow();
        }

        var answers = aws.responses.awaitRequests(3, Duration.ofSeconds(10));
        assertEquals("SUCCESS", Harness.read(answers.get(1).body()).get("Status").asText());
        assertEquals("SUCCESS", Harness.read(answers.get(2).body()).get("Status").asText());
        assertFalse(aws.streamExists("meter-siem-events"));
        assertFalse(aws.roleExists(ROLE_NAME));
        assertFalse(aws.policyExists(POLICY_ARN));
        assertFalse(aws.secretExists(SECRET_NAME));
    }

    @Test
    void delete_whenStreamWasAdopted_neverDeletesIt() {
        aws.kinesis.createStream(r -> r.streamName("meter-siem-events").shardCount(1));
        aws.invoke(Harness.create().withProperty("AdoptExistingStream", "true"));

        JsonNode response = aws.invoke(Harness.delete().withProperty("AdoptExistingStream", "true")
                .withProperty("RetainStreamOnDelete", "false"));

        assertEquals("SUCCESS", response.get("Status").asText());
        assertTrue(aws.streamExists("meter-siem-events"));
        assertFalse(aws.roleExists(ROLE_NAME));
    }

    @Test
    void delete_whenCreateFailedOnAnExistingStream_touchesNothing() {
        aws.kinesis.createStream(r -> r.streamName("meter-siem-events").shardCount(1));
        aws.iam.createRole(r -> r.roleName(ROLE_NAME).assumeRolePolicyDocument("{\"Version\":\"2012-10-17\","
                + "\"Statement\":[]}"));
        JsonNode created = aws.invoke(Harness.create());
        assertEquals("FAILED", created.get("Status").asText());

        JsonNode response = aws.invoke(Harness.delete().withProperty("RetainStreamOnDelete", "false")
                .withPhysicalResourceId(created.get("PhysicalResourceId").asText()));

        assertEquals("SUCCESS", response.get("Status").asText());
        assertTrue(aws.streamExists("meter-siem-events"));
        assertTrue(aws.roleExists(ROLE_NAME));
    }

    @Test
    void delete_whenCreateFailedOnInvalidProperties_succeedsWithoutAnyAwsCall() {
        JsonNode created = aws.invoke(Harness.create().withProperty("KinesisShardCount", "zero"));
        assertEquals("FAILED", created.get("Status").asText());
        assertEquals("meter-siem-not-created-0d1e2f3a-4b5c-6d7e-8f90-a1b2c3d4e5f6",
                created.get("PhysicalResourceId").asText());
        aws.streamGateway = null;
        aws.iamGateway = null;
        aws.secretGateway = null;

        JsonNode response = aws.invoke(Harness.delete().withProperty("KinesisShardCount", "zero")
                .withPhysicalResourceId(created.get("PhysicalResourceId").asText()));

        assertEquals("SUCCESS", response.get("Status").asText());
        assertEquals(created.get("PhysicalResourceId"), response.get("PhysicalResourceId"));
    }

    @Test
    void delete_whenRoleHasAPolicySomeoneElseAttached_failsNamingTheConflict() {
        aws.invoke(Harness.create());
        String other = aws.iam.createPolicy(r -> r.policyName("HandMade").policyDocument("{\"Version\":\"2012-10-17\","
                + "\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}"))
                .policy().arn();
        aws.iam.attachRolePolicy(r -> r.roleName(ROLE_NAME).policyArn(other));

        JsonNode response = aws.invoke(Harness.delete());

        assertEquals("FAILED", response.get("Status").asText());
        assertTrue(response.get("Reason").asText().startsWith(
                "Delete failed at step 'delete role MeterSIEMIntegrationRole': DeleteConflict"),
                response.get("Reason").asText());
        assertTrue(aws.roleExists(ROLE_NAME));
    }
}
