package com.meter.siem.integration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The IAM documents the provisioner writes, built as data and compared as data (IAM and Secrets Manager reformat
 * what they store).
 */
public final class PolicyDocuments {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERSION = "2012-10-17";

    private PolicyDocuments() {
    }

    /**
     * Meter's principal may assume the role, and only with one of the external IDs: the current one, and during a
     * rotation the previous one too, in that order.
     */
    public static String trustPolicy(String meterServiceRoleArn, List<ExternalId> externalIds) {
        ObjectNode statement = JSON.createObjectNode()
                .put("Effect", "Allow");
        statement.putObject("Principal").put("AWS", meterServiceRoleArn);
        statement.put("Action", "sts:AssumeRole");
        ObjectNode equals = statement.putObject("Condition").putObject("StringEquals");
        if (externalIds.size() == 1) {
            equals.put("sts:ExternalId", externalIds.getFirst().reveal());
        } else {
            ArrayNode values = equals.putArray("sts:ExternalId");
            externalIds.forEach(id -> values.add(id.reveal()));
        }
        return document(statement);
    }

    /**
     * The external ID secret's resource policy. It guards the ID's integrity, not its confidentiality: the ID is
     * in the role's trust policy too, which anyone allowed iam:GetRole reads, so reading stays with IAM policies.
     * Only the provisioner's role may change the value, move its labels, retag, rotate or delete the secret:
     * a principal that IAM allows secretsmanager:PutSecretValue on every secret (SecretsManagerReadWrite, say)
     * cannot change the ID Meter's role trusts, nor take the secret away from the stack. Put- and
     * DeleteResourcePolicy are deliberately not denied: an administrator can always take the secret back by
     * replacing this policy, an explicit act that CloudTrail records, and the redeployed stack of the same name,
     * whose provisioner role is a new one, replaces it the same way after restoring the secret. Every request
     * over plain HTTP is refused, whoever makes it.
     */
    public static String externalIdSecretPolicy(String provisionerRoleArn) {
        ObjectNode integrity = JSON.createObjectNode().put("Sid", "OnlyTheProvisionerChangesTheExternalId")
                .put("Effect", "Deny").put("Principal", "*");
        ArrayNode actions = integrity.putArray("Action");
        List.of("PutSecretValue", "UpdateSecret", "UpdateSecretVersionStage", "RotateSecret", "DeleteSecret",
                "TagResource", "UntagResource").forEach(action -> actions.add("secretsmanager:" + action));
        integrity.put("Resource", "*");
        integrity.putObject("Condition").putObject("StringNotEquals").put("aws:PrincipalArn", provisionerRoleArn);
        ObjectNode tls = JSON.createObjectNode().put("Sid", "TlsOnly").put("Effect", "Deny").put("Principal", "*")
                .put("Action", "secretsmanager:*").put("Resource", "*");
        tls.putObject("Condition").putObject("Bool").put("aws:SecureTransport", "false");
        return document(integrity, tls);
    }

    /**
     * PutRecord and PutRecords on this stream only; plus, with a customer managed key, that key's use,
     * and only through Kinesis in the stream's region.
     */
    public static String writePolicy(String streamArn, String customerKmsKeyArn) {
        ObjectNode write = JSON.createObjectNode().put("Effect", "Allow");
        write.putArray("Action").add("kinesis:PutRecord").add("kinesis:PutRecords");
        write.put("Resource", streamArn);
        if (customerKmsKeyArn.isEmpty()) {
            return document(write);
        }
        ObjectNode kms = JSON.createObjectNode().put("Effect", "Allow");
        kms.putArray("Action").add("kms:GenerateDataKey").add("kms:Decrypt");
        kms.put("Resource", customerKmsKeyArn);
        String region = streamArn.split(":")[3];
        kms.putObject("Condition").putObject("StringEquals").put("kms:ViaService", "kinesis." + region + ".amazonaws.com");
        return document(write, kms);
    }

    /** The principal a trust policy of {@link #trustPolicy} trusts; empty for any other document. */
    public static String trustedPrincipal(String trustPolicy) {
        for (JsonNode statement : asArray(parse(trustPolicy).path("Statement"))) {
            for (JsonNode principal : asArray(statement.path("Principal").path("AWS"))) {
                return principal.asText();
            }
        }
        return "";
    }

    /** Whether two documents say the same, whatever their whitespace and key order. */
    public static boolean sameDocument(String left, String right) {
        return parse(left).equals(parse(right));
    }

    /** The Kinesis resources a write policy grants, so Delete can tell which stream a shared role serves. */
    public static List<String> kinesisResources(String writePolicy) {
        List<String> resources = new ArrayList<>();
        for (JsonNode statement : asArray(parse(writePolicy).path("Statement"))) {
            boolean kinesis = false;
            for (JsonNode action : asArray(statement.path("Action"))) {
                kinesis |= action.asText().startsWith("kinesis:");
            }
            if (kinesis) {
                asArray(statement.path("Resource")).forEach(resource -> resources.add(resource.asText()));
            }
        }
        return resources;
    }

    private static String document(ObjectNode... statements) {
        ObjectNode document = JSON.createObjectNode().put("Version", VERSION);
        ArrayNode list = document.putArray("Statement");
        for (ObjectNode statement : statements) {
            list.add(statement);
        }
        return document.toString();
    }

    private static List<JsonNode> asArray(JsonNode node) {
        List<JsonNode> items = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(items::add);
        } else if (!node.isMissingNode()) {
            items.add(node);
        }
        return items;
    }

    private static JsonNode parse(String document) {
        try {
            return JSON.readTree(document);
        } catch (JsonProcessingException e) {
            // Never include the document: a trust policy holds the external ID.
            throw new IllegalArgumentException("IAM returned a policy document that is not JSON");
        }
    }
}
