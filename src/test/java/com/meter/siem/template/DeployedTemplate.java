package com.meter.siem.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The transformed template (what `sam deploy` hands CloudFormation) as CloudFormation would deploy it for
 * one set of parameter values: Conditions evaluated, resources without a true Condition dropped, and
 * Fn::If and AWS::NoValue resolved in properties. Other intrinsics stay as they are, unless
 * {@link #evaluate} is given the values of the resources and pseudo parameters they refer to.
 */
public final class DeployedTemplate {
    /** Written by scripts/check-template, which the build runs before the tests. */
    private static final Path TRANSFORMED = Path.of("target", "template.transformed.json");
    private static final JsonNode TEMPLATE = load();
    private static final String NO_VALUE = "AWS::NoValue";

    private final Map<String, String> parameters;
    private final Map<String, Boolean> conditions = new HashMap<>();

    private DeployedTemplate(Map<String, String> parameters) {
        this.parameters = parameters;
    }

    public static DeployedTemplate with(Map<String, String> parameters) {
        for (String name : parameters.keySet()) {
            if (!TEMPLATE.path("Parameters").has(name)) {
                throw new IllegalArgumentException("the template has no parameter " + name);
            }
        }
        return new DeployedTemplate(parameters);
    }

    /** The logical IDs of the template's Lambda functions, in the template's order: what `sam build` builds. */
    public static List<String> functions() {
        List<String> functions = new ArrayList<>();
        TEMPLATE.path("Resources").fields().forEachRemaining(resource -> {
            if (resource.getValue().path("Type").asText().equals("AWS::Lambda::Function")) {
                functions.add(resource.getKey());
            }
        });
        return functions;
    }

    Set<String> resources() {
        return deployed("Resources");
    }

    Set<String> outputs() {
        return deployed("Outputs");
    }

    /** The entries of a section whose Condition holds, or that have none. */
    private Set<String> deployed(String section) {
        Set<String> deployed = new TreeSet<>();
        TEMPLATE.path(section).fields().forEachRemaining(entry -> {
            JsonNode condition = entry.getValue().path("Condition");
            if (condition.isMissingNode() || holds(condition.asText())) {
                deployed.add(entry.getKey());
            }
        });
        return deployed;
    }

    /** A deployed resource's Properties with Fn::If resolved. */
    public JsonNode properties(String logicalId) {
        if (!resources().contains(logicalId)) {
            throw new AssertionError(logicalId + " is not deployed with " + parameters);
        }
        return resolve(TEMPLATE.path("Resources").path(logicalId).path("Properties"));
    }

    static boolean hasParameter(String name) {
        return TEMPLATE.path("Parameters").has(name);
    }

    /** A parameter's declaration: Type, Default, AllowedPattern, MaxLength and so on. */
    static JsonNode declaration(String name) {
        return TEMPLATE.path("Parameters").path(name);
    }

    static String parameterDefault(String name) {
        return TEMPLATE.path("Parameters").path(name).path("Default").asText();
    }

    JsonNode resource(String logicalId) {
        return TEMPLATE.path("Resources").path(logicalId);
    }

    boolean holds(String condition) {
        // Not computeIfAbsent: conditions refer to conditions, and the map must not change mid-computation.
        Boolean known = conditions.get(condition);
        if (known == null) {
            known = truth(TEMPLATE.path("Conditions").path(condition));
            conditions.put(condition, known);
        }
        return known;
    }

    private boolean truth(JsonNode expression) {
        Map.Entry<String, JsonNode> function = single(expression);
        JsonNode args = function.getValue();
        return switch (function.getKey()) {
            case "Fn::Equals" -> value(args.get(0)).equals(value(args.get(1)));
            case "Fn::Not" -> !truth(args.get(0));
            case "Fn::And" -> all(args, true);
            case "Fn::Or" -> !all(args, false);
            case "Condition" -> holds(args.asText());
            default -> throw new IllegalStateException("unsupported condition function " + function.getKey());
        };
    }

    private boolean all(JsonNode args, boolean expected) {
        for (JsonNode arg : args) {
            if (truth(arg) != expected) {
                return false;
            }
        }
        return true;
    }

    /**
     * The text an expression of a deployed resource's properties stands for (Fn::If already resolved):
     * parameters are this template's; every other Ref ("LogicalId" or a pseudo parameter such as
     * "AWS::Region") and Fn::GetAtt ("LogicalId.Attribute") is looked up in {@code known}.
     */
    public String evaluate(JsonNode expression, Map<String, String> known) {
        return new Evaluation(known).value(expression).asText();
    }

    /** NODE with every intrinsic in it evaluated as {@link #evaluate} does: a policy document, say. */
    public JsonNode evaluateAll(JsonNode node, Map<String, String> known) {
        JsonNode resolved = resolve(node);
        if (resolved.isObject() && resolved.size() == 1 && (resolved.has("Ref") || resolved.fieldNames().next()
                .startsWith("Fn::"))) {
            return TextNode.valueOf(evaluate(resolved, known));
        }
        if (resolved.isObject()) {
            ObjectNode result = JsonNodeFactory.instance.objectNode();
            resolved.fields().forEachRemaining(field -> result.set(field.getKey(), evaluateAll(field.getValue(), known)));
            return result;
        }
        if (resolved.isArray()) {
            ArrayNode result = JsonNodeFactory.instance.arrayNode();
            resolved.forEach(item -> result.add(evaluateAll(item, known)));
            return result;
        }
        return resolved;
    }

    /** The value of a Ref to a parameter, or of a Fn::Join over such values. */
    private JsonNode value(JsonNode expression) {
        return new Evaluation(Map.of()).value(expression);
    }

    /** Values of Ref, Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select and Fn::Split over parameters and KNOWN. */
    private final class Evaluation {
        private final Map<String, String> known;

        Evaluation(Map<String, String> known) {
            this.known = known;
        }

        JsonNode value(JsonNode expression) {
            if (expression.isValueNode()) {
                return expression;
            }
            if (expression.isArray()) {
                ArrayNode items = JsonNodeFactory.instance.arrayNode();
                expression.forEach(item -> items.add(value(item)));
                return items;
            }
            Map.Entry<String, JsonNode> function = single(expression);
            JsonNode args = function.getValue();
            return switch (function.getKey()) {
                case "Ref" -> TEMPLATE.path("Parameters").has(args.asText()) ? parameter(args.asText())
                        : TextNode.valueOf(known(args.asText()));
                case "Fn::GetAtt" -> TextNode.valueOf(known(args.get(0).asText() + "." + args.get(1).asText()));
                case "Fn::Join" -> {
                    StringBuilder joined = new StringBuilder();
                    JsonNode list = value(args.get(1));
                    for (Iterator<JsonNode> items = list.elements(); items.hasNext(); ) {
                        joined.append(value(items.next()).asText()).append(items.hasNext() ? args.get(0).asText() : "");
                    }
                    yield TextNode.valueOf(joined.toString());
                }
                case "Fn::Sub" -> TextNode.valueOf(substitute(args.isArray() ? args.get(0).asText() : args.asText(),
                        args.isArray() ? args.get(1) : JsonNodeFactory.instance.objectNode()));
                case "Fn::Select" -> value(value(args.get(1)).get(Integer.parseInt(value(args.get(0)).asText())));
                case "Fn::Split" -> {
                    ArrayNode parts = JsonNodeFactory.instance.arrayNode();
                    for (String part : value(args.get(1)).asText().split(Pattern.quote(args.get(0).asText()), -1)) {
                        parts.add(part);
                    }
                    yield parts;
                }
                default -> throw new IllegalStateException("unsupported value function " + function.getKey());
            };
        }

        private String substitute(String text, JsonNode variables) {
            Matcher reference = Pattern.compile("\\$\\{([^}!]+)}").matcher(text);
            StringBuilder result = new StringBuilder();
            while (reference.find()) {
                String name = reference.group(1);
                String replacement;
                if (variables.has(name)) {
                    replacement = value(variables.get(name)).asText();
                } else if (name.contains(".")) {
                    replacement = known(name);
                } else {
                    replacement = value(JsonNodeFactory.instance.objectNode().put("Ref", name)).asText();
                }
                reference.appendReplacement(result, Matcher.quoteReplacement(replacement));
            }
            return reference.appendTail(result).toString();
        }

        private String known(String name) {
            String value = known.get(name);
            if (value == null) {
                throw new IllegalArgumentException("no value given for " + name);
            }
            return value;
        }
    }

    private JsonNode parameter(String name) {
        JsonNode declaration = TEMPLATE.path("Parameters").path(name);
        String text = parameters.getOrDefault(name, declaration.path("Default").asText());
        if (declaration.path("Type").asText().equals("CommaDelimitedList")) {
            ArrayNode list = JsonNodeFactory.instance.arrayNode();
            for (String item : text.split(",", -1)) {
                list.add(item);
            }
            return list;
        }
        return TextNode.valueOf(text);
    }

    private JsonNode resolve(JsonNode node) {
        if (node.isObject() && node.size() == 1 && node.has("Fn::If")) {
            JsonNode args = node.get("Fn::If");
            return resolve(holds(args.get(0).asText()) ? args.get(1) : args.get(2));
        }
        if (node.isObject()) {
            ObjectNode resolved = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(field -> {
                JsonNode value = resolve(field.getValue());
                if (!isNoValue(value)) {
                    resolved.set(field.getKey(), value);
                }
            });
            return resolved;
        }
        if (node.isArray()) {
            ArrayNode resolved = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> {
                JsonNode value = resolve(item);
                if (!isNoValue(value)) {
                    resolved.add(value);
                }
            });
            return resolved;
        }
        return node;
    }

    private static boolean isNoValue(JsonNode node) {
        return node.isObject() && node.size() == 1 && NO_VALUE.equals(node.path("Ref").asText(null));
    }

    private static Map.Entry<String, JsonNode> single(JsonNode expression) {
        if (!expression.isObject() || expression.size() != 1) {
            throw new IllegalStateException("not an intrinsic function: " + expression);
        }
        return expression.fields().next();
    }

    private static JsonNode load() {
        try {
            return new ObjectMapper().readTree(TRANSFORMED.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(TRANSFORMED + " is missing: the build runs scripts/check-template before"
                    + " the tests; run the tests with `mvn verify`", e);
        }
    }
}
