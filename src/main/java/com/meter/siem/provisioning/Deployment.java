package com.meter.siem.provisioning;

/**
 * What the template put in the provisioner's configuration, which no request can change: the permissions
 * boundary that caps the role Meter assumes, Meter's principal, which the role trusts, and the provisioner's own
 * role, the only principal the external ID secret's resource policy lets change the ID.
 */
public record Deployment(String roleBoundaryArn, String meterServiceRoleArn, String provisionerRoleArn) {
}
