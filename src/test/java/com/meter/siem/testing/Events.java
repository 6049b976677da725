package com.meter.siem.testing;

import com.amazonaws.services.lambda.runtime.events.CloudFormationCustomResourceEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A CloudFormation custom resource event as CloudFormation sends it (PascalCase JSON), loaded from the
 * repository's {@code events/} folder and adjusted per test: {@code Events.load("create.json")
 * .withResponseUrl(server.url()).toEvent()}. Each instance is a mutable builder over its own copy.
 */
public final class Events {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> PROPERTIES = new TypeReference<>() {
    };

    private final ObjectNode event;

    private Events(ObjectNode event) {
        this.event = event;
    }

    /** Reads {@code events/<fileName>}, relative to the Maven base directory that tests run in. */
    public static Events load(String fileName) {
        Path file = Path.of("events", fileName);
        try {
            return fromJson(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the event " + file.toAbsolutePath(), e);
        }
    }

    public static Events fromJson(String json) {
        try {
            if (JSON.readTree(json) instanceof ObjectNode event) {
                return new Events(event);
            }
            throw new IllegalArgumentException("An event must be a JSON object: " + json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("An event must be valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    public Events withResponseUrl(String url) {
        event.put("ResponseURL", url);
        return this;
    }

    /** {@code value} may be anything Jackson can write: a String, a number, a List, a Map. */
    public Events withProperty(String name, Object value) {
        event.withObjectProperty("ResourceProperties").set(name, JSON.valueToTree(value));
        return this;
    }

    public Events withoutProperty(String name) {
        event.withObjectProperty("ResourceProperties").remove(name);
        return this;
    }

    /** Creates OldResourceProperties when missing, so that a Create event can become an Update. */
    public Events withOldProperty(String name, Object value) {
        event.withObjectProperty("OldResourceProperties").set(name, JSON.valueToTree(value));
        return this;
    }

    /** Sets any top-level field, for malformed events; null writes a JSON null. */
    public Events withField(String name, Object value) {
        event.set(name, JSON.valueToTree(value));
        return this;
    }

    public Events withoutField(String name) {
        event.remove(name);
        return this;
    }

    public Events withPhysicalResourceId(String physicalResourceId) {
        event.put("PhysicalResourceId", physicalResourceId);
        return this;
    }

    public Events withRequestId(String requestId) {
        event.put("RequestId", requestId);
        return this;
    }

    public String json() {
        return event.toString();
    }

    // Mapped by hand: the class's bean names (responseUrl) do not match CloudFormation's (ResponseURL).
    public CloudFormationCustomResourceEvent toEvent() {
        CloudFormationCustomResourceEvent result = new CloudFormationCustomResourceEvent();
        result.setRequestType(text("RequestType"));
        result.setServiceToken(text("ServiceToken"));
        result.setResponseUrl(text("ResponseURL"));
        result.setStackId(text("StackId"));
        result.setRequestId(text("RequestId"));
        result.setLogicalResourceId(text("LogicalResourceId"));
        result.setPhysicalResourceId(text("PhysicalResourceId"));
        result.setResourceType(text("ResourceType"));
        result.setResourceProperties(properties("ResourceProperties"));
        result.setOldResourceProperties(properties("OldResourceProperties"));
        return result;
    }

    private String text(String field) {
        JsonNode value = event.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private Map<String, Object> properties(String field) {
        JsonNode value = event.get(field);
        return value == null || value.isNull() ? null : JSON.convertValue(value, PROPERTIES);
    }
}
