package com.meter.siem.provisioning;

import com.meter.siem.integration.ExternalIdRotation;
import java.util.Map;
import java.util.Set;

/**
 * What an Update needs from the properties it replaces: the names that may have changed, where the external
 * ID's rotation stood, and the shard count (what CloudFormation's rollback of this Update asks for). Read
 * leniently, since they were accepted once, possibly by an older version.
 *
 * @param shardCount 0 when the old properties' count cannot be read
 * @param rotation FINISHED when the old properties, from an older template, name none
 */
public record PreviousProperties(
        String streamName,
        int shardCount,
        String roleName,
        String policyName,
        int externalIdVersion,
        ExternalIdRotation rotation,
        Set<String> userTagKeys) {

    public PreviousProperties {
        userTagKeys = Set.copyOf(userTagKeys);
    }

    public static PreviousProperties from(Map<String, Object> old) {
        Map<String, Object> properties = old == null ? Map.of() : old;
        return new PreviousProperties(
                text(properties, IntegrationProperties.KINESIS_STREAM_NAME),
                wholeNumber(properties, IntegrationProperties.KINESIS_SHARD_COUNT, 0),
                text(properties, IntegrationProperties.IAM_ROLE_NAME),
                text(properties, IntegrationProperties.IAM_POLICY_NAME),
                wholeNumber(properties, IntegrationProperties.EXTERNAL_ID_VERSION, 1),
                ExternalIdRotation.STARTED.name().equals(text(properties, IntegrationProperties.EXTERNAL_ID_ROTATION))
                        ? ExternalIdRotation.STARTED : ExternalIdRotation.FINISHED,
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
