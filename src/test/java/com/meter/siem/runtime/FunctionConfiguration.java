package com.meter.siem.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.meter.siem.template.DeployedTemplate;
import java.util.Map;
import java.util.TreeMap;

/**
 * What Lambda is told about one function by the deployed template: its handler, memory, timeout and
 * environment, read from the transformed template (Globals merged in by the SAM transform) with every
 * intrinsic evaluated, never copied into a test.
 *
 * @param known the values of the Refs and GetAtts the environment uses that are not parameters
 */
record FunctionConfiguration(String logicalId, String handler, int memoryMb, int timeoutSeconds,
                             Map<String, String> environment) {

    static FunctionConfiguration of(String logicalId, Map<String, String> parameters, Map<String, String> known) {
        DeployedTemplate template = DeployedTemplate.with(parameters);
        JsonNode properties = template.properties(logicalId);
        Map<String, String> environment = new TreeMap<>();
        properties.path("Environment").path("Variables").fields().forEachRemaining(variable ->
                environment.put(variable.getKey(), template.evaluate(variable.getValue(), known)));
        return new FunctionConfiguration(logicalId, properties.path("Handler").asText(),
                properties.path("MemorySize").asInt(128), properties.path("Timeout").asInt(3), environment);
    }
}
