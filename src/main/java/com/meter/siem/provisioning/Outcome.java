package com.meter.siem.provisioning;

import java.util.LinkedHashMap;
import java.util.Map;

/** What CloudFormation is told on success: the physical id and the attributes for Fn::GetAtt. */
public record Outcome(String physicalResourceId, Map<String, String> attributes) {
    static Outcome of(String physicalResourceId, String streamArn, String streamName, AccessProvisioner.Result access) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("StreamArn", streamArn);
        attributes.put("StreamName", streamName);
        attributes.put("RoleArn", access.roleArn());
        attributes.put("RoleName", access.roleName());
        attributes.put("PolicyArn", access.policyArn());
        attributes.put("ExternalIdSecretArn", access.secretArn());
        return new Outcome(physicalResourceId, java.util.Collections.unmodifiableMap(attributes));
    }
}
