package com.meter.siem.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.meter.siem.testing.Events;
import com.meter.siem.testing.MotoExtension;
import com.meter.siem.testing.Secrets;
import com.meter.siem.testing.TestContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A generated corpus of malformed and hostile CloudFormation events. Whatever arrives, CloudFormation
 * gets a well-formed answer under 4096 bytes before the deadline, an invalid request changes nothing in
 * AWS, and no answer echoes the external ID.
 */
@ExtendWith(MotoExtension.class)
class MalformedEventsIT {
    private static final String SECRET = "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00";
    private static final Set<String> STATUSES = Set.of("SUCCESS", "FAILED");
    private final Harness aws = new Harness();

    static {
        Secrets.remember(SECRET);
    }

    @AfterEach
    void close() {
        aws.close();
    }

    /** What the handler should do with a mutated event. */
    enum Expect { FAILED_NO_CHANGE, SUCCESS_NO_CHANGE, SUCCESS }

    static Stream<Arguments> corpus() {
        List<Arguments> cases = new ArrayList<>();
        Map<String, UnaryOperator<Events>> invalidProperties = new java.util.LinkedHashMap<>();
        invalidProperties.put("shards as a JSON number out of range", e -> e.withProperty("KinesisShardCount", 10_001));
        invalidProperties.put("shards zero", e -> e.withProperty("KinesisShardCount", "0"));
        invalidProperties.put("shards negative", e -> e.withProperty("KinesisShardCount", "-1"));
        invalidProperties.put("shards beyond int", e -> e.withProperty("KinesisShardCount", "1099511627776"));
        invalidProperties.put("retention below", e -> e.withProperty("KinesisRetentionHours", "23"));
        invalidProperties.put("retention above", e -> e.withProperty("KinesisRetentionHours", "8761"));
        invalidProperties.put("retention as a list", e -> e.withProperty("KinesisRetentionHours", List.of("24")));
        invalidProperties.put("mode as a map", e -> e.withProperty("StreamMode", Map.of("Mode", "ON_DEMAND")));
        invalidProperties.put("boolean as a word", e -> e.withProperty("AdoptExistingStream", "yes"));
        invalidProperties.put("emoji stream name", e -> e.withProperty("KinesisStreamName", "siem-\uD83D\uDD25"));
        invalidProperties.put("huge stream name", e -> e.withProperty("KinesisStreamName", "s".repeat(100_000)));
        invalidProperties.put("control characters", e -> e.withProperty("IamRoleName", "role\u0000\n\u202e"));
        invalidProperties.put("unknown property", e -> e.withProperty("ShardCount", "2"));
        invalidProperties.put("principal of 11 digits", e -> e.withProperty("MeterServiceRoleArn",
                "arn:aws:iam::45855303235:role/Meter-data-export"));
        invalidProperties.put("principal not IAM", e -> e.withProperty("MeterServiceRoleArn", "arn:aws:s3:::bucket"));
        invalidProperties.put("key alias ARN", e -> e.withProperty("StreamEncryption", "CUSTOMER_MANAGED_KEY")
                .withProperty("KmsKeyArn", "arn:aws:kms:us-east-1:123456789012:alias/meter"));
        invalidProperties.put("secret external ID too short", e -> e.withProperty("ExternalId", "c0ffee"));
        invalidProperties.put("secret external ID with spaces", e -> e.withProperty("ExternalId", SECRET + " " + SECRET));
        invalidProperties.put("metric unknown", e -> e.withProperty("ShardLevelMetrics", List.of("Latency")));
        invalidProperties.put("metrics as a number", e -> e.withProperty("ShardLevelMetrics", 7));
        invalidProperties.put("no properties", e -> e.withField("ResourceProperties", Map.of()));
        invalidProperties.put("secret name missing", e -> e.withoutProperty("ExternalIdSecretName"));
        for (var mutation : invalidProperties.entrySet()) {
            cases.add(Arguments.of("Create: " + mutation.getKey(), mutation.getValue().apply(Harness.create()
                    .withProperty("ExternalId", SECRET)), Expect.FAILED_NO_CHANGE));
            cases.add(Arguments.of("Update: " + mutation.getKey(), mutation.getValue().apply(Harness.update()
                    .withProperty("ExternalId", SECRET)), Expect.FAILED_NO_CHANGE));
            cases.add(Arguments.of("Delete: " + mutation.getKey(), mutation.getValue().apply(Harness.delete()
                    .withProperty("ExternalId", SECRET)), Expect.SUCCESS_NO_CHANGE));
        }
        // A request CloudFormation would never send is refused, whatever its type: nothing is created or deleted.
        for (String type : List.of("Replace", "", "create", "DELETE")) {
            cases.add(Arguments.of("RequestType '" + type + "'", Harness.create().withField("RequestType", type),
                    Expect.FAILED_NO_CHANGE));
        }
        Map<String, UnaryOperator<Events>> unreadable = new java.util.LinkedHashMap<>();
        unreadable.put("RequestType missing", e -> e.withoutField("RequestType"));
        unreadable.put("RequestType a number", e -> e.withField("RequestType", 1));
        unreadable.put("stack id missing", e -> e.withoutField("StackId"));
        unreadable.put("stack id not an ARN", e -> e.withField("StackId", "meter-siem-integration"));
        unreadable.put("another stack", e -> e.withField("StackId", Harness.STACK_ID.replace("5b4d", "0000")));
        unreadable.put("another logical id", e -> e.withField("LogicalResourceId", "Integration2"));
        unreadable.put("another resource type", e -> e.withField("ResourceType", "Custom::Other"));
        unreadable.put("request id missing", e -> e.withoutField("RequestId"));
        unreadable.put("logical id an object", e -> e.withField("LogicalResourceId", Map.of("a", 1)));
        unreadable.put("properties a string", e -> e.withField("ResourceProperties", "KinesisShardCount=2"));
        unreadable.put("properties a list", e -> e.withField("ResourceProperties", List.of(1, 2)));
        unreadable.put("properties null", e -> e.withField("ResourceProperties", null));
        for (var mutation : unreadable.entrySet()) {
            for (Events event : List.of(Harness.create(), Harness.update(), Harness.delete())) {
                cases.add(Arguments.of(event.field("RequestType") + ": " + mutation.getKey(),
                        mutation.getValue().apply(event.withProperty("ExternalId", SECRET)), Expect.FAILED_NO_CHANGE));
            }
        }
        cases.add(Arguments.of("Update: old properties a number", Harness.update()
                .withField("OldResourceProperties", 7), Expect.FAILED_NO_CHANGE));
        cases.add(Arguments.of("Update: physical id missing", Harness.update().withoutField("PhysicalResourceId"),
                Expect.FAILED_NO_CHANGE));
        cases.add(Arguments.of("Delete: physical id missing", Harness.delete().withoutField("PhysicalResourceId"),
                Expect.FAILED_NO_CHANGE));
        cases.add(Arguments.of("extra top-level fields", Harness.create().withField("Unexpected", Map.of("a", 1))
                .withField("RequestId", "\u00e9\u00e8" + "x".repeat(300)), Expect.SUCCESS));
        cases.add(Arguments.of("properties of an older version (no ExternalIdVersion, ReapplyToken, ServiceTimeout)",
                Harness.create().withoutProperty("ExternalIdVersion").withoutProperty("ReapplyToken")
                        .withoutProperty("ServiceTimeout"), Expect.SUCCESS));
        Random random = new Random(20261123);
        for (int i = 0; i < 12; i++) {
            String noise = random.ints(200, 0, 0x2FFF).collect(StringBuilder::new, StringBuilder::appendCodePoint,
                    StringBuilder::append).toString();
            String property = List.of("KinesisStreamName", "IamRoleName", "ResourceTags", "StreamMode",
                    "KinesisShardCount", "ExternalIdSecretName").get(random.nextInt(6));
            cases.add(Arguments.of("random text in " + property + " #" + i,
                    Harness.create().withProperty(property, noise).withProperty("ExternalId", SECRET),
                    Expect.FAILED_NO_CHANGE));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void handleRequest_whenEventIsMalformed_answersInTimeWithAWellFormedBodyAndChangesNothing(
            String name, Events event, Expect expect) {
        long started = System.nanoTime();
        event.withResponseUrl(aws.responses.url()).sendTo(aws.handler(),
                TestContext.withRemainingTime(Duration.ofSeconds(20)));
        String body = aws.responses.awaitResponse(Duration.ofSeconds(5)).body();
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        assertTrue(tookMillis < 19_000, "answered after the deadline: " + tookMillis + " ms");
        assertTrue(body.getBytes(StandardCharsets.UTF_8).length < 4096, "body of 4096 bytes or more");
        Secrets.assertAbsentIn(body, "the answer to CloudFormation");
        JsonNode answer = Harness.read(body);
        assertTrue(STATUSES.contains(answer.path("Status").asText()), body);
        assertFalse(answer.path("PhysicalResourceId").asText().isBlank(), body);
        if (answer.get("Status").asText().equals("FAILED")) {
            assertFalse(answer.path("Reason").asText().isBlank(), body);
        }
        switch (expect) {
            case FAILED_NO_CHANGE -> {
                assertEquals("FAILED", answer.get("Status").asText(), body);
                assertNothingCreated();
            }
            case SUCCESS_NO_CHANGE -> {
                assertEquals("SUCCESS", answer.get("Status").asText(), body);
                assertNothingCreated();
            }
            case SUCCESS -> assertEquals("SUCCESS", answer.get("Status").asText(), body);
        }
    }

    private void assertNothingCreated() {
        assertEquals(List.of(), aws.kinesis.listStreams().streamNames());
        assertFalse(aws.roleExists(Harness.ROLE_NAME));
        assertFalse(aws.secretExists(Harness.SECRET_NAME));
    }
}
