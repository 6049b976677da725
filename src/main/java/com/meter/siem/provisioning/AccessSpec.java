package com.meter.siem.provisioning;

import java.util.Map;

/** The desired role, write policy and external ID. */
public record AccessSpec(
        String meterServiceRoleArn,
        ExternalIdSpec externalId,
        String roleName,
        String policyName,
        Map<String, String> tags) {

    public AccessSpec {
        tags = Map.copyOf(tags);
    }
}
