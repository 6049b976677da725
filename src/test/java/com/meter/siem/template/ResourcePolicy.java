package com.meter.siem.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Just enough of IAM's evaluation of a resource policy for the tests of this template's own policies, which
 * moto does not evaluate: principals (*, AWS ARNs, services), actions (with wildcards), and the condition operators the
 * template uses (StringEquals, StringNotEquals, ArnLike, Bool, Null), with explicit Deny winning. A same-account
 * IAM principal whose identity policy allows the action is allowed unless a statement denies it.
 */
final class ResourcePolicy {
    /** One request: who (an IAM principal's ARN, or a service), the action, and the request's context keys. */
    record Request(String principalArn, String service, String action, Map<String, String> context) {
        static Request byRole(String arn, String action, boolean tls) {
            return new Request(arn, null, action, Map.of("aws:PrincipalArn", arn, "aws:SecureTransport",
                    Boolean.toString(tls)));
        }

        static Request byService(String service, String action, String sourceArn, String sourceAccount) {
            return new Request(null, service, action, Map.of("aws:SourceArn", sourceArn, "aws:SourceAccount",
                    sourceAccount, "aws:SecureTransport", "true"));
        }
    }

    private final JsonNode document;

    ResourcePolicy(JsonNode document) {
        this.document = document;
    }

    /**
     * @param identityAllows whether the principal's own identity policy allows the action (same account); a
     *                       service principal has none
     */
    boolean allows(Request request, boolean identityAllows) {
        boolean allowed = identityAllows && request.service() == null;
        for (JsonNode statement : document.path("Statement")) {
            if (!applies(statement, request)) {
                continue;
            }
            if (statement.path("Effect").asText().equals("Deny")) {
                return false;
            }
            allowed = true;
        }
        return allowed;
    }

    private static boolean applies(JsonNode statement, Request request) {
        return principalMatches(statement.path("Principal"), request)
                && texts(statement.path("Action")).stream().anyMatch(action -> glob(action, request.action()))
                && conditionsHold(statement.path("Condition"), request.context());
    }

    private static boolean principalMatches(JsonNode principal, Request request) {
        if (principal.isTextual()) {
            return principal.asText().equals("*");
        }
        if (request.service() != null) {
            return texts(principal.path("Service")).contains(request.service());
        }
        List<String> arns = texts(principal.path("AWS"));
        return arns.contains("*") || arns.contains(request.principalArn());
    }

    private static boolean conditionsHold(JsonNode conditions, Map<String, String> context) {
        for (var operator : (Iterable<Map.Entry<String, JsonNode>>) conditions::fields) {
            for (var key : (Iterable<Map.Entry<String, JsonNode>>) operator.getValue()::fields) {
                String actual = context.get(key.getKey());
                List<String> expected = texts(key.getValue());
                boolean holds = switch (operator.getKey()) {
                    case "StringEquals" -> actual != null && expected.contains(actual);
                    case "StringNotEquals" -> actual == null || !expected.contains(actual);
                    case "ArnLike" -> actual != null && expected.stream().anyMatch(pattern -> glob(pattern, actual));
                    case "Bool" -> actual != null && expected.contains(actual);
                    case "Null" -> expected.contains(Boolean.toString(actual == null));
                    default -> throw new IllegalStateException("operator not evaluated here: " + operator.getKey());
                };
                if (!holds) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean glob(String pattern, String value) {
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            regex.append(Pattern.quote(part)).append(".*");
        }
        return value.matches(regex.substring(0, regex.length() - 2));
    }

    private static List<String> texts(JsonNode node) {
        List<String> texts = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(item -> texts.add(item.asText()));
        } else if (!node.isMissingNode()) {
            texts.add(node.asText());
        }
        return texts;
    }
}
