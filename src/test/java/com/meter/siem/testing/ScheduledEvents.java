package com.meter.siem.testing;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.joda.time.DateTime;

/** events/scheduled.json, the file `sam local invoke` is given, mapped as the Lambda runtime maps it. */
public final class ScheduledEvents {
    private ScheduledEvents() {
    }

    public static ScheduledEvent load() {
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(Path.of("events", "scheduled.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read events/scheduled.json", e);
        }
        ScheduledEvent event = new ScheduledEvent();
        event.setId(json.get("id").asText());
        event.setDetailType(json.get("detail-type").asText());
        event.setSource(json.get("source").asText());
        event.setAccount(json.get("account").asText());
        event.setRegion(json.get("region").asText());
        event.setTime(DateTime.parse(json.get("time").asText()));
        event.setResources(List.of(json.at("/resources/0").asText()));
        event.setDetail(Map.of());
        return event;
    }
}
