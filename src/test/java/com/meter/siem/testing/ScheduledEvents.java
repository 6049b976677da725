package com.meter.siem.testing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/** events/scheduled.json, the file `sam local invoke` is given, as the Lambda runtime hands it over. */
public final class ScheduledEvents {
    private ScheduledEvents() {
    }

    public static Map<String, Object> load() {
        try {
            return new ObjectMapper().readValue(Path.of("events", "scheduled.json").toFile(), new TypeReference<>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read events/scheduled.json", e);
        }
    }
}
