package com.meter.siem.provisioning;

/**
 * What the template put in the provisioner's configuration, which no request can change: the permissions
 * boundary that caps the role Meter assumes, and Meter's principal, which the role trusts.
 */
public record Deployment(String roleBoundaryArn, String meterServiceRoleArn) {
}
