package com.meter.siem.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The inline policy of a role in the transformed template, as CloudFormation would create it with the
 * default parameters: statements whose Fn::If condition is false are dropped (by {@link DeployedTemplate}),
 * and Fn::Sub, Ref and Fn::GetAtt are resolved with the pseudo parameters of a stack named
 * {@value #STACK_NAME} in {@value #REGION} of account {@value #ACCOUNT_ID}, the parameters' defaults, and
 * the names and ARNs a test gives for other resources.
 */
public final class InlinePolicies {
    public static final String STACK_NAME = "meter-siem-integration";
    public static final String REGION = "us-east-1";
    public static final String ACCOUNT_ID = "123456789012";

    private static final Map<String, String> PSEUDO = Map.of(
            "AWS::Partition", "aws",
            "AWS::Region", REGION,
            "AWS::AccountId", ACCOUNT_ID,
            "AWS::StackName", STACK_NAME,
            "AWS::URLSuffix", "amazonaws.com");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}!][^}]*)}");

    private final Map<String, String> references;

    private InlinePolicies(Map<String, String> references) {
        this.references = references;
    }

    /**
     * @param roleLogicalId an AWS::IAM::Role with exactly one inline policy
     * @param references what a Ref to a resource ("ProvisionerLogGroup") or a Fn::GetAtt
     *        ("MeterSiemIntegration.ExternalIdSecretArn") resolves to
     */
    public static JsonNode of(String roleLogicalId, Map<String, String> references) {
        return of(roleLogicalId, Map.of(), references);
    }

    /** The same, for a stack deployed with these parameters (the rest at their defaults). */
    public static JsonNode of(String roleLogicalId, Map<String, String> parameters, Map<String, String> references) {
        JsonNode policies = DeployedTemplate.with(parameters).properties(roleLogicalId).path("Policies");
        if (policies.size() != 1) {
            throw new IllegalStateException(roleLogicalId + " should have one inline policy, has " + policies.size());
        }
        return new InlinePolicies(references).resolve(policies.get(0).path("PolicyDocument"));
    }

    private JsonNode resolve(JsonNode node) {
        if (node.isObject() && node.size() == 1) {
            String function = node.fieldNames().next();
            JsonNode argument = node.get(function);
            switch (function) {
                case "Fn::Sub" -> {
                    return TextNode.valueOf(substitute(argument));
                }
                case "Ref" -> {
                    return TextNode.valueOf(lookUp(argument.asText()));
                }
                case "Fn::GetAtt" -> {
                    return TextNode.valueOf(lookUp(argument.get(0).asText() + "." + argument.get(1).asText()));
                }
                default -> {
                    if (function.startsWith("Fn::")) {
                        throw new IllegalArgumentException("unsupported intrinsic " + function + " in " + node);
                    }
                }
            }
        }
        if (node.isObject()) {
            ObjectNode resolved = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(field -> resolved.set(field.getKey(), resolve(field.getValue())));
            return resolved;
        }
        if (node.isArray()) {
            ArrayNode resolved = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> resolved.add(resolve(item)));
            return resolved;
        }
        return node;
    }

    private String substitute(JsonNode argument) {
        if (!argument.isTextual()) {
            throw new IllegalArgumentException("only the one-string form of Fn::Sub is supported: " + argument);
        }
        Matcher placeholders = PLACEHOLDER.matcher(argument.asText());
        StringBuilder result = new StringBuilder();
        while (placeholders.find()) {
            placeholders.appendReplacement(result, Matcher.quoteReplacement(lookUp(placeholders.group(1))));
        }
        return placeholders.appendTail(result).toString();
    }

    private String lookUp(String name) {
        if (PSEUDO.containsKey(name)) {
            return PSEUDO.get(name);
        }
        if (references.containsKey(name)) {
            return references.get(name);
        }
        if (DeployedTemplate.hasParameter(name)) {
            return DeployedTemplate.parameterDefault(name);
        }
        throw new IllegalArgumentException("the policy refers to " + name + ": give the test its value");
    }
}
