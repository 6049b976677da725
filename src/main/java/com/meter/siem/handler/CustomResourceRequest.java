package com.meter.siem.handler;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A CloudFormation custom resource request, read leniently from the event's JSON: a field that is missing
 * or of the wrong type is null here and described in {@link #problems()}, so that any request that carries
 * a ResponseURL can still be answered (FAILED, saying what was wrong) instead of failing before it is read.
 *
 * <p>Deliberately not the runtime's typed event: the runtime's events serializer needs joda-time on the
 * function's class path, and a request it cannot bind (ResourceProperties that is not an object) fails the
 * invocation before any code of ours runs, which leaves CloudFormation waiting for an answer.
 */
record CustomResourceRequest(String requestType, String responseUrl, String stackId, String requestId,
                             String logicalResourceId, String physicalResourceId, String resourceType,
                             Map<String, Object> resourceProperties, Map<String, Object> oldResourceProperties,
                             List<String> problems) {
    static final Set<String> REQUEST_TYPES = Set.of("Create", "Update", "Delete");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> PROPERTIES = new TypeReference<>() {
    };
    /** Long enough for any value CloudFormation sends; a longer one is quoted cut, never whole. */
    private static final int QUOTED_MAX = 64;

    CustomResourceRequest {
        problems = List.copyOf(problems);
    }

    static CustomResourceRequest parse(byte[] json) {
        JsonNode event;
        try {
            event = JSON.readTree(json);
        } catch (IOException e) {
            // Not JSON: answered like any other request that cannot be read.
            event = null;
        }
        if (event == null || !event.isObject()) {
            return new CustomResourceRequest(null, null, null, null, null, null, null, null, null,
                    List.of("the event is not a JSON object"));
        }
        return new Reader(event).read();
    }

    boolean isDelete() {
        return "Delete".equals(requestType);
    }

    /** Reads each field once, noting what is wrong with it. */
    private static final class Reader {
        private final JsonNode event;
        private final List<String> problems = new ArrayList<>();

        Reader(JsonNode event) {
            this.event = event;
        }

        CustomResourceRequest read() {
            String requestType = text("RequestType", true);
            if (requestType != null && !REQUEST_TYPES.contains(requestType)) {
                problems.add("RequestType '%s' is not one of Create, Update, Delete".formatted(quoted(requestType)));
            }
            boolean changesExisting = "Update".equals(requestType) || "Delete".equals(requestType);
            return new CustomResourceRequest(requestType,
                    text("ResponseURL", true),
                    text("StackId", true),
                    text("RequestId", true),
                    text("LogicalResourceId", true),
                    text("PhysicalResourceId", changesExisting),
                    text("ResourceType", true),
                    properties("ResourceProperties", true),
                    properties("OldResourceProperties", "Update".equals(requestType)),
                    problems);
        }

        private String text(String field, boolean required) {
            JsonNode value = present(field, required);
            if (value != null && !value.isTextual()) {
                problems.add(field + " must be a string");
                return null;
            }
            return value == null ? null : value.textValue();
        }

        private Map<String, Object> properties(String field, boolean required) {
            JsonNode value = present(field, required);
            if (value != null && !value.isObject()) {
                problems.add(field + " must be a JSON object");
                return null;
            }
            return value == null ? null : JSON.convertValue(value, PROPERTIES);
        }

        /** The field's value, or null (noted as a problem when REQUIRED) when it is missing or JSON null. */
        private JsonNode present(String field, boolean required) {
            JsonNode value = event.get(field);
            if (value == null || value.isNull()) {
                if (required) {
                    problems.add(field + " is missing");
                }
                return null;
            }
            return value;
        }

        private static String quoted(String value) {
            return value.length() <= QUOTED_MAX ? value : value.substring(0, QUOTED_MAX) + "...";
        }
    }
}
