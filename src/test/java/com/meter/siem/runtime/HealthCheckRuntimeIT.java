package com.meter.siem.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.meter.siem.aws.AwsClients;
import com.meter.siem.testing.AlertChannel;
import com.meter.siem.testing.Events;
import com.meter.siem.testing.MotoExtension;
import com.meter.siem.testing.ResponseUrlServer;
import com.meter.siem.testing.Secrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The health checker's package, built as `sam build` builds it, run under the Lambda runtime interface client
 * with the environment the template gives it: the values it takes from the custom resource come from the
 * provisioner's own answer (itself run under the runtime), the alert table and topic from what the test
 * creates in moto for AlertStateTable and AlertTopic. Invoked with events/scheduled.json.
 */
@ExtendWith(MotoExtension.class)
class HealthCheckRuntimeIT {
    private static final String FUNCTION = "HealthCheckFunction";

    private final AwsClients aws = AwsClients.fromEnvironment();

    @Test
    void handleRequest_whenScheduledAfterADeploy_checksTheIntegrationAndAlertsOnCall() throws IOException {
        Map<String, String> known = deploy();
        AlertChannel alerts = new AlertChannel(aws);
        known.put("AlertTopic", alerts.topicArn());
        known.put("AlertStateTable", AlertChannel.TABLE);
        FunctionConfiguration checker = FunctionConfiguration.of(FUNCTION, Map.of(), known);

        try (LambdaProcess function = new LambdaProcess(checker, SamBuild.taskRoot(FUNCTION),
                ProvisionerRuntimeIT.motoEnvironment())) {
            RuntimeApi.Outcome outcome = function.invoke(Files.readString(Path.of("events", "scheduled.json")));

            assertFalse(outcome.failed(), outcome.body());
            assertTrue(outcome.body().length() < 6 * 1024 * 1024, "Lambda's response payload limit is 6 MB");
            JsonNode summary = Logs.json(outcome.body());
            assertEquals("[\"meter-siem-events\"]", summary.get("streams").toString());
            // A stream that has never received a record: the traffic check pages, and only that.
            assertEquals(1, alerts.received().size(), "one alert for one failing stream");
            assertTrue(summary.get("alerts").get(0).asText().contains("meter-siem-events"), summary.toString());
            String output = function.output();
            assertTrue(Logs.lines(output).stream()
                    .anyMatch(line -> line.path("message").asText().equals("health check finished")), output);
            Logs.assertStructuredAndClean(output, "no response URL");
        }
    }

    /** Runs the provisioner's Create under the runtime; what the checker's environment takes from it. */
    private Map<String, String> deploy() {
        try (ResponseUrlServer responses = new ResponseUrlServer();
             LambdaProcess provisioner = new LambdaProcess(
                     FunctionConfiguration.of("ProvisionerFunction", Map.of(), Map.of()),
                     SamBuild.taskRoot("ProvisionerFunction"), ProvisionerRuntimeIT.testEnvironment(responses))) {
            RuntimeApi.Outcome outcome = provisioner.invoke(Events.load("create.json")
                    .withResponseUrl(responses.url()).json());
            assertFalse(outcome.failed(), outcome.body());
            JsonNode answer = responses.awaitResponseJson(Duration.ofSeconds(10));
            assertEquals("SUCCESS", answer.get("Status").asText(), answer.toString());
            Map<String, String> known = new HashMap<>();
            answer.get("Data").fields().forEachRemaining(attribute ->
                    known.put("MeterSiemIntegration." + attribute.getKey(), attribute.getValue().asText()));
            Secrets.remember(aws.secretsManager().getSecretValue(r -> r.secretId(
                    known.get("MeterSiemIntegration.ExternalIdSecretArn"))).secretString());
            known.put("HealthDashboard", "meter-siem-integration-health");
            return known;
        }
    }
}
