package com.meter.siem.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.meter.siem.provisioning.Deployment;
import com.meter.siem.testing.Events;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * `scripts/local-events` writes events and an env.json for `sam local invoke` in a real account: the
 * provisioner, configured with that env.json, must serve those events and answer where they say.
 */
class LocalEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path OUT = Path.of("target", "local");
    private static final String BOUNDARY =
            "arn:aws:iam::210987654321:policy/meter-siem-boundary/siem-prod-MeterRoleBoundary-1A2B3C4D5E6F";

    @BeforeAll
    static void run() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bash", "scripts/local-events", "--stack-name", "siem-prod",
                "--region", "eu-west-1", "--account", "210987654321", "--role-arn",
                "arn:aws:iam::210987654321:role/developer", "--response-endpoint",
                "http://host.docker.internal:8080", "--role-boundary-arn", BOUNDARY).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "local-events did not finish");
        assertEquals(0, process.exitValue(), output);
    }

    @Test
    void events_whenWrittenForAnAccount_areServedByTheProvisionerConfiguredWithTheEnvJson() throws IOException {
        Map<String, String> environment = new HashMap<>();
        JSON.readTree(OUT.resolve("env.json").toFile()).get("ProvisionerFunction").fields()
                .forEachRemaining(variable -> environment.put(variable.getKey(), variable.getValue().asText()));
        environment.put("AWS_REGION", "eu-west-1");
        ProvisionerEnvironment provisioner = ProvisionerEnvironment.from(environment);

        for (String name : new String[] {"create.json", "update.json", "delete.json"}) {
            JsonNode event = JSON.readTree(OUT.resolve(name).toFile());
            assertEquals(provisioner.stackId(), event.get("StackId").asText(), name);
            assertTrue(provisioner.responseUrls().accepts(event.get("ResponseURL").asText(),
                    event.get("StackId").asText()), name);
            assertEquals("siem-prod/meter-siem/external-id",
                    event.at("/ResourceProperties/ExternalIdSecretName").asText(), name);
        }
        assertTrue(provisioner.retainStreamOnDelete(), "a local Delete keeps the stream unless told otherwise");
        assertEquals(new Deployment(BOUNDARY, Events.METER_PRINCIPAL, "arn:aws:iam::210987654321:role/developer"),
                provisioner.deployment(), "the secret's resource policy lets the role the developer invokes with"
                        + " change the ID");
    }

    @Test
    void events_whenWrittenForAnAccount_nameNoOtherAccountOrRegion() throws IOException {
        for (String name : new String[] {"create.json", "update.json", "delete.json", "scheduled.json"}) {
            String event = Files.readString(OUT.resolve(name));
            assertFalse(event.contains("123456789012"), name);
            assertFalse(event.contains("us-east-1"), name);
        }
    }
}
