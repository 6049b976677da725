package com.meter.siem.provisioning;

import java.util.Map;

/**
 * The desired role, write policy and external ID.
 *
 * @param suppliedExternalId the ID from the ExternalId parameter, or null when one is to be generated
 * @param externalIdVersion raising it generates a new external ID (when none is supplied)
 */
public record AccessSpec(
        String meterServiceRoleArn,
        ExternalId suppliedExternalId,
        int externalIdVersion,
        String externalIdSecretName,
        String roleName,
        String policyName,
        Map<String, String> tags) {

    public AccessSpec {
        tags = Map.copyOf(tags);
    }

    public boolean generatesExternalId() {
        return suppliedExternalId == null;
    }
}
