package com.meter.siem.provisioning;

import java.util.Map;
import java.util.Set;

/**
 * What an Update needs from the properties it replaces: the names that may have changed, the external
 * ID settings, and the shard count (what CloudFormation's rollback of this Update asks for). Read
 * leniently, since they were accepted once, possibly by an older version.
 *
 * @param suppliedExternalId null when the old properties had the ID generated
 * @param shardCount 0 when the old properties' count cannot be read
 */
public record PreviousProperties(
        String streamName,
        int shardCount,
        String roleName,
        String policyName,
        ExternalId suppliedExternalId,
        int externalIdVersion,
        Set<String> userTagKeys) {

    public PreviousProperties {
        userTagKeys = Set.copyOf(userTagKeys);
    }

    public static PreviousProperties from(Map<String, Object> old) {
        Map<String, Object> properties = old == null ? Map.of() : old;
        String externalId = text(properties, IntegrationProperties.EXTERNAL_ID);
        return new PreviousProperties(
                text(properties, IntegrationProperties.KINESIS_STREAM_NAME),
                wholeNumber(properties, IntegrationProperties.KINESIS_SHARD_COUNT, 0),
                text(properties, IntegrationProperties.IAM_ROLE_NAME),
                text(properties, IntegrationProperties.IAM_POLICY_NAME),
                externalId.isEmpty() ? null : ExternalId.of(externalId),
                wholeNumber(properties, IntegrationProperties.EXTERNAL_ID_VERSION, 1),
                tagKeys(text(properties, IntegrationProperties.RESOURCE_TAGS)));
    }

    private static String text(Map<String, Object> properties, String name) {
        Object value = properties.get(name);
        return value == null ? IntegrationProperties.DEFAULTS.getOrDefault(name, "") : value.toString().strip();
    }

    private static int wholeNumber(Map<String, Object> properties, String name, int unreadable) {
        try {
            return Integer.parseInt(text(properties, name));
        } catch (NumberFormatException e) {
            return unreadable;
        }
    }

    private static Set<String> tagKeys(String tags) {
        Set<String> keys = new java.util.HashSet<>();
        for (String pair : tags.split(",")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                keys.add(pair.substring(0, equals).strip());
            }
        }
        return keys;
    }
}
