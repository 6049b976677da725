package com.meter.siem.provisioning;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a Delete needs, read leniently from the properties CloudFormation last applied: the names of what to
 * remove and whether to keep the stream. A Delete must never depend on today's validation: a later release
 * that tightens a rule would otherwise answer "nothing to delete" and orphan the stream, role, policy and
 * secret. A name that is not one AWS accepts cannot name anything that was created, and is skipped; the stream
 * is deleted only on an explicit {@code false}, so an unreadable setting never destroys data.
 *
 * @param streamName the stream to use when the physical id names none
 * @param roleName null when the properties name none AWS would accept
 * @param policyName null when the properties name none AWS would accept
 * @param secretName null when the properties name none AWS would accept
 */
public record DeleteSpec(String streamName, boolean retainStream, String roleName, String policyName,
                         String secretName) {
    public static DeleteSpec read(Map<String, Object> properties) {
        return new DeleteSpec(
                name(properties, IntegrationProperties.KINESIS_STREAM_NAME, IntegrationProperties.STREAM_NAME),
                !"false".equalsIgnoreCase(text(properties, IntegrationProperties.RETAIN_STREAM_ON_DELETE)),
                name(properties, IntegrationProperties.IAM_ROLE_NAME, IntegrationProperties.ROLE_NAME),
                name(properties, IntegrationProperties.IAM_POLICY_NAME, IntegrationProperties.POLICY_NAME),
                name(properties, IntegrationProperties.EXTERNAL_ID_SECRET_NAME, IntegrationProperties.SECRET_NAME));
    }

    /** This spec, keeping the stream also when the deployed stack says so: a request alone cannot delete it. */
    public DeleteSpec keepingStreamIf(boolean deploymentRetains) {
        return new DeleteSpec(streamName, retainStream || deploymentRetains, roleName, policyName, secretName);
    }

    /** The value given, or the template's default when none was; null unless AWS would accept it. */
    private static String name(Map<String, Object> properties, String property, Pattern accepted) {
        String value = text(properties, property);
        if (value == null) {
            value = IntegrationProperties.DEFAULTS.get(property);
        }
        return value != null && accepted.matcher(value).matches() ? value : null;
    }

    private static String text(Map<String, Object> properties, String property) {
        Object value = properties.get(property);
        return value instanceof String text && !text.isBlank() ? text.strip() : null;
    }
}
