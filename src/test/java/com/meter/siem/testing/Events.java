package com.meter.siem.testing;

import com.meter.siem.provisioning.Deployment;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A CloudFormation custom resource event as CloudFormation sends it (PascalCase JSON), loaded from the
 * repository's {@code events/} folder and adjusted per test: {@code Events.load("create.json")
 * .withResponseUrl(server.url()).sendTo(handler, context)}. Each instance is a mutable builder over its own copy.
 */
public final class Events {
    /** The MeterRoleBoundary of the stack the events name, as CloudFormation would name it. */
    public static final String ROLE_BOUNDARY_ARN =
            "arn:aws:iam::123456789012:policy/meter-siem-boundary/meter-siem-integration-MeterRoleBoundary-1A2B3C4D5E6F";
    /** The MeterServiceRoleArn the events and their stack's deployment name. */
    public static final String METER_PRINCIPAL = "arn:aws:iam::458553032353:role/Meter-data-export";
    /** The provisioner function's role in the events' stack. */
    public static final String PROVISIONER_ROLE_ARN =
            "arn:aws:iam::123456789012:role/meter-siem-integration-ProvisionerRole-AbCdEf123456";
    /** What the events' stack put in the provisioner's configuration. */
    public static final Deployment DEPLOYMENT = new Deployment(ROLE_BOUNDARY_ARN, METER_PRINCIPAL,
            PROVISIONER_ROLE_ARN);

    private static final ObjectMapper JSON = new ObjectMapper();

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

    /** A top-level text field, or null. */
    public String field(String name) {
        return event.path(name).textValue();
    }

    public Map<String, Object> properties() {
        return JSON.convertValue(event.path("ResourceProperties"), new TypeReference<>() {
        });
    }

    public String json() {
        return event.toString();
    }

    /** Invokes HANDLER with this event as Lambda does, as a stream of JSON; what the handler returned. */
    public String sendTo(RequestStreamHandler handler, Context context) {
        return sendRaw(json(), handler, context);
    }

    /** Invokes HANDLER with any payload, JSON or not. */
    public static String sendRaw(String payload, RequestStreamHandler handler, Context context) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)), output, context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return output.toString(StandardCharsets.UTF_8);
    }
}
