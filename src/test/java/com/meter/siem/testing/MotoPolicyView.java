package com.meter.siem.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An IAM policy as {@link AuthorizingMoto} can enforce it: the same statements, actions and conditions,
 * with each Resource that moto cannot compare replaced by "*", and actions named as moto names them.
 *
 * <p>moto 5.2 authorizes most calls against the resource "*" (see {@link AuthorizingMoto}), and a
 * statement scoped to an ARN never matches "*": kept as written, {@code kinesis:PutRecord} on the
 * stream's ARN would refuse PutRecord on that very stream. So this view keeps exactly what moto can
 * check, which is every statement's actions, and the scope of statements on IAM roles, which moto
 * compares with the ARN of the role a call names (see {@link AuthorizingMoto}). It does not check the
 * scope of anything else (streams, secrets, policies, tables, topics, log groups, keys): the tests
 * say so where it matters, and assert those resources on the documents themselves.
 *
 * <p>moto names an action after the service's SigV4 signing name, not its IAM prefix; they differ for
 * CloudWatch, whose calls moto authorizes as {@code monitoring:GetMetricData}. The view renames such
 * actions; it grants nothing more.
 */
public final class MotoPolicyView {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ROLE_ARN = Pattern.compile("arn:[a-z-]+:iam::\\d{12}:role/.*");
    /** IAM prefix to SigV4 signing name, where they differ, for the services these tests use. */
    private static final Map<String, String> SIGNING_NAMES = Map.of("cloudwatch", "monitoring");

    private MotoPolicyView() {
    }

    public static String of(JsonNode policy) {
        ObjectNode view = policy.deepCopy();
        ArrayNode statements = view.putArray("Statement");
        for (JsonNode written : asList(policy.path("Statement"))) {
            if (written.has("NotAction") || written.has("NotResource")) {
                throw new IllegalArgumentException("NotAction and NotResource are not supported: " + written);
            }
            ObjectNode statement = written.deepCopy();
            ArrayNode actions = statement.putArray("Action");
            asList(written.path("Action")).forEach(action -> actions.add(asMotoNamesIt(action.asText())));
            List<String> resources = asList(statement.path("Resource")).stream().map(JsonNode::asText).toList();
            if (resources.isEmpty()) {
                throw new IllegalArgumentException("a statement without Resource: " + statement);
            }
            boolean onRoles = resources.stream().allMatch(r -> ROLE_ARN.matcher(r).matches());
            if (!onRoles && resources.stream().anyMatch(r -> ROLE_ARN.matcher(r).matches())) {
                throw new IllegalArgumentException("a statement on roles and other resources at once: " + statement);
            }
            if (onRoles) {
                statements.add(statement);
            } else {
                statements.add(statement.put("Resource", "*"));
            }
        }
        return view.toString();
    }

    private static String asMotoNamesIt(String action) {
        int colon = action.indexOf(':');
        String service = action.substring(0, Math.max(colon, 0));
        return SIGNING_NAMES.containsKey(service) ? SIGNING_NAMES.get(service) + action.substring(colon) : action;
    }

    public static JsonNode parse(String document) {
        try {
            return JSON.readTree(document);
        } catch (Exception e) {
            throw new IllegalArgumentException("not a JSON policy document", e);
        }
    }

    private static List<JsonNode> asList(JsonNode node) {
        List<JsonNode> items = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(items::add);
        } else if (!node.isMissingNode()) {
            items.add(node);
        }
        return items;
    }
}
