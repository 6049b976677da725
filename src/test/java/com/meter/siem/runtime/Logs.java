package com.meter.siem.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.meter.siem.testing.Secrets;
import java.util.List;
import java.util.regex.Pattern;

/** What a function wrote to its log stream, as CloudWatch Logs would keep it. */
final class Logs {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The JVM's own lines: its notice that it read JAVA_TOOL_OPTIONS (in Lambda it opens every cold start's log
     * too), and JDK 24+'s warning when the runtime interface client loads its native library (not on java21).
     */
    private static final Pattern JVM_LINE = Pattern.compile("^(Picked up JAVA_TOOL_OPTIONS:|WARNING: ).*");

    private Logs() {
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** The JSON log lines of OUTPUT, in order. */
    static List<JsonNode> lines(String output) {
        return output.lines().filter(line -> !line.isBlank() && !JVM_LINE.matcher(line).matches()).map(Logs::json)
                .toList();
    }

    /**
     * Every line is structured JSON (nothing printed bare, no stack trace), and none holds a secret the tests
     * know or the response URL's signature.
     */
    static void assertStructuredAndClean(String output, String signature) {
        assertFalse(output.isBlank(), "the function wrote nothing");
        List<JsonNode> lines = lines(output);
        assertTrue(lines.stream().noneMatch(line -> line.toString().contains("\\tat ")),
                "a stack trace on a successful run:\n" + output);
        Secrets.assertAbsentIn(output, "the function's log");
        assertFalse(output.contains(signature), "the response URL was logged");
    }
}
