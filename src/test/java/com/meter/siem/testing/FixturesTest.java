package com.meter.siem.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

class FixturesTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private static final String SAMPLE_EVENT = """
            {
              "RequestType": "Create",
              "ServiceToken": "arn:aws:lambda:us-east-1:123456789012:function:provisioner",
              "ResponseURL": "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/x",
              "StackId": "arn:aws:cloudformation:us-east-1:123456789012:stack/some-stack/guid",
              "RequestId": "original-request",
              "LogicalResourceId": "SiemIntegration",
              "ResourceType": "Custom::SiemIntegration",
              "ResourceProperties": {
                "ServiceToken": "arn:aws:lambda:us-east-1:123456789012:function:provisioner",
                "ShardCount": "1"
              }
            }
            """;

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    private static HttpRequest put(String url, String body) {
        return HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    @Nested
    class MotoServerTests {

        @Test
        void endpoint_whenFirstUsed_answersHttpOnLoopback() throws Exception {
            URI endpoint = MotoServer.endpoint();

            HttpResponse<String> dashboard = send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/")).build());

            assertEquals("127.0.0.1", endpoint.getHost());
            assertEquals(200, dashboard.statusCode());
        }

        @Test
        void reset_whenServerRunning_answers200() throws Exception {
            HttpRequest reset = HttpRequest.newBuilder(MotoServer.endpoint().resolve("/moto-api/reset"))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build();

            assertEquals(200, send(reset).statusCode());
        }

        @Test
        void executableOnPath_whenMissing_failsWithInstallHint() {
            IllegalStateException failure =
                    assertThrows(IllegalStateException.class, () -> MotoServer.executableOnPath("/nonexistent"));

            assertEquals("moto_server not found on PATH: the integration tests need it."
                    + " Install it with: pip install \"moto[server]\"", failure.getMessage());
        }
    }

    @Nested
    @ExtendWith(MotoExtension.class)
    class MotoExtensionTests {

        @Test
        void beforeAll_whenApplied_pointsSdkAtMoto() {
            assertEquals(MotoServer.endpoint().toString(), System.getProperty(MotoExtension.ENDPOINT_PROPERTY));
        }

        @Test
        void reset_whenSecretCreated_forgetsIt() {
            try (SecretsManagerClient secrets = SecretsManagerClient.create()) {
                secrets.createSecret(request -> request.name("fixtures-test").secretString("s3cr3t"));
                assertEquals(1, secrets.listSecrets().secretList().size());

                MotoServer.reset();

                assertTrue(secrets.listSecrets().secretList().isEmpty());
            }
        }
    }

    @Nested
    class ResponseUrlServerTests {

        private final ResponseUrlServer server = new ResponseUrlServer();

        @AfterEach
        void close() {
            server.close();
        }

        @Test
        void awaitResponseJson_whenPutReceived_returnsBody() throws Exception {
            send(put(server.url(), "{\"Status\":\"SUCCESS\"}"));

            assertEquals("SUCCESS", server.awaitResponseJson(WAIT).get("Status").asText());
        }

        @Test
        void awaitResponse_whenPutReceived_recordsRawUrlAndHeaders() throws Exception {
            URI url = URI.create(server.url());

            send(put(server.url(), "{}"));

            RecordedRequest response = server.awaitResponse(WAIT);
            assertEquals(url.getRawPath(), response.path());
            assertEquals(url.getRawQuery(), response.query());
            assertTrue(response.query().endsWith("X-Amz-Signature=" + server.signature()));
            assertEquals("2", response.header("content-length").orElseThrow());
        }

        @Test
        void awaitResponse_whenNothingSent_failsWithAssertionError() {
            AssertionError failure = assertThrows(AssertionError.class,
                    () -> server.awaitResponse(Duration.ofMillis(50)));

            assertTrue(failure.getMessage().contains("no request"), failure.getMessage());
        }

        @Test
        void failNext_whenArmed_answersStatusThenOk() throws Exception {
            server.failNext(1, 503);

            assertEquals(503, send(put(server.url(), "{}")).statusCode());
            assertEquals(200, send(put(server.url(), "{}")).statusCode());
            assertEquals(2, server.awaitRequests(2, WAIT).size());
        }

        @Test
        void hangNext_whenArmed_holdsRequestPastClientTimeout() {
            server.hangNext(1);
            HttpRequest impatient = HttpRequest.newBuilder(URI.create(server.url()))
                    .PUT(HttpRequest.BodyPublishers.ofString("{}"))
                    .timeout(Duration.ofSeconds(1))
                    .build();

            assertThrows(HttpTimeoutException.class, () -> send(impatient));
            assertEquals("PUT", server.awaitResponse(WAIT).method());
        }
    }

    @Nested
    class TestContextTests {

        @Test
        void getRemainingTimeInMillis_whenTimePasses_decreases() throws InterruptedException {
            TestContext context = TestContext.withRemainingTime(Duration.ofMinutes(1));
            int before = context.getRemainingTimeInMillis();

            Thread.sleep(20);

            int after = context.getRemainingTimeInMillis();
            assertTrue(before <= 60_000 && after < before, before + " then " + after);
        }

        @Test
        void getRemainingTimeInMillis_whenDeadlinePassed_isZero() {
            assertEquals(0, TestContext.withRemainingTime(Duration.ofSeconds(-1)).getRemainingTimeInMillis());
        }
    }

    @Nested
    class EventsTests {

        @Test
        void json_whenFieldsReplaced_carriesEveryChange() {
            Events event = Events.fromJson(SAMPLE_EVENT)
                    .withResponseUrl("http://127.0.0.1:1/response")
                    .withRequestId("request-2")
                    .withPhysicalResourceId("physical-1")
                    .withProperty("Tags", List.of("a", "b"))
                    .withoutProperty("ShardCount")
                    .withOldProperty("ShardCount", "2");

            assertEquals("Create", event.field("RequestType"));
            assertEquals("http://127.0.0.1:1/response", event.field("ResponseURL"));
            assertEquals("request-2", event.field("RequestId"));
            assertEquals("physical-1", event.field("PhysicalResourceId"));
            assertEquals(List.of("a", "b"), event.properties().get("Tags"));
            assertFalse(event.properties().containsKey("ShardCount"));
            assertTrue(event.json().contains("\"OldResourceProperties\":{\"ShardCount\":\"2\"}"), event.json());
        }

        @Test
        void field_whenAbsent_isNull() {
            assertNull(Events.fromJson(SAMPLE_EVENT).field("PhysicalResourceId"));
        }

        @Test
        void json_whenPropertyAdded_containsIt() {
            String json = Events.fromJson(SAMPLE_EVENT).withProperty("StreamMode", "ON_DEMAND").json();

            assertTrue(json.contains("\"StreamMode\":\"ON_DEMAND\""), json);
        }
    }
}
