package com.meter.siem.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.meter.siem.template.DeployedTemplate;
import com.meter.siem.testing.Events;
import java.util.Map;
import java.util.TreeMap;

/**
 * What Lambda is told about one function by the deployed template: its handler, memory, timeout and
 * environment, read from the transformed template (Globals merged in by the SAM transform) with every
 * intrinsic evaluated, never copied into a test.
 *
 * @param resources the values of the Refs and GetAtts of the stack's resources that the environment uses; the
 *                  pseudo parameters are those of the stack of the events in events/, and so is the provisioner's
 *                  role, whose ARN its environment names
 */
record FunctionConfiguration(String logicalId, String handler, int memoryMb, int timeoutSeconds,
                             Map<String, String> environment) {

    static FunctionConfiguration of(String logicalId, Map<String, String> parameters, Map<String, String> resources) {
        DeployedTemplate template = DeployedTemplate.with(parameters);
        Map<String, String> known = new java.util.HashMap<>(resources);
        known.putAll(Map.of("AWS::StackId", LambdaProcess.STACK_ID, "AWS::Region", LambdaProcess.REGION,
                "AWS::AccountId", LambdaProcess.ACCOUNT, "AWS::StackName", "meter-siem-integration",
                "AWS::Partition", "aws", "MeterRoleBoundary", Events.ROLE_BOUNDARY_ARN, "ProvisionerRole.Arn",
                Events.PROVISIONER_ROLE_ARN));
        JsonNode properties = template.properties(logicalId);
        Map<String, String> environment = new TreeMap<>();
        properties.path("Environment").path("Variables").fields().forEachRemaining(variable ->
                environment.put(variable.getKey(), template.evaluate(variable.getValue(), known)));
        return new FunctionConfiguration(logicalId, properties.path("Handler").asText(),
                properties.path("MemorySize").asInt(128), properties.path("Timeout").asInt(3), environment);
    }
}
