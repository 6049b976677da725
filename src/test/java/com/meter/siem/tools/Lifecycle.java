package com.meter.siem.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.meter.siem.handler.IntegrationResourceHandler;
import com.meter.siem.testing.ArchiveEvents;
import com.meter.siem.testing.Events;
import com.meter.siem.testing.ResponseUrlServer;
import com.meter.siem.testing.TestContext;
import java.time.Duration;

/**
 * The provisioner's whole lifecycle in one process, for {@link FunctionPackagesIT}: Create, an Update that
 * reshards and lengthens retention, an external ID rotation with a role rename, the archive's delivery
 * stream made and removed, and a Delete that removes the stream, each from events/ and each required to
 * answer SUCCESS. Run on the function's own package, it
 * reaches every AWS operation the provisioner calls, so a class the package lacks fails here.
 */
public final class Lifecycle {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final IntegrationResourceHandler handler;
    private final ResponseUrlServer responses;
    private int answered;

    private Lifecycle(IntegrationResourceHandler handler, ResponseUrlServer responses) {
        this.handler = handler;
        this.responses = responses;
    }

    public static void main(String[] args) throws Exception {
        IntegrationResourceHandler handler = new IntegrationResourceHandler();
        try (ResponseUrlServer responses = new ResponseUrlServer()) {
            Lifecycle lifecycle = new Lifecycle(handler, responses);
            lifecycle.succeed(Events.load("create.json"));
            lifecycle.succeed(Events.load("update.json"));
            lifecycle.succeed(rotated(Events.load("update.json").withOldProperty("KinesisShardCount", "2")
                    .withOldProperty("KinesisRetentionHours", "48")));
            String deliveryStream = lifecycle.succeed(ArchiveEvents.of("Create")).path("PhysicalResourceId").asText();
            lifecycle.succeed(ArchiveEvents.of("Delete").withPhysicalResourceId(deliveryStream));
            lifecycle.succeed(rotated(Events.load("delete.json")).withProperty("RetainStreamOnDelete", "false"));
        }
        System.out.println("lifecycle: SUCCESS");
    }

    /** Sends the request; its answer, which must be SUCCESS. */
    private JsonNode succeed(Events request) throws Exception {
        request.withResponseUrl(responses.url()).sendTo(handler,
                TestContext.withRemainingTime(Duration.ofMinutes(15)));
        answered++;
        JsonNode answer = JSON.readTree(responses.awaitRequests(answered, Duration.ofSeconds(60))
                .get(answered - 1).body());
        if (!"SUCCESS".equals(answer.path("Status").asText())) {
            throw new IllegalStateException("request " + answered + " answered " + answer);
        }
        return answer;
    }

    /** update.json's new properties, with the external ID rotated and the role renamed. */
    private static Events rotated(Events event) {
        return event.withProperty("KinesisShardCount", "2").withProperty("KinesisRetentionHours", "48")
                .withProperty("ExternalIdVersion", "2").withProperty("IamRoleName", "MeterSiemWriter");
    }
}
