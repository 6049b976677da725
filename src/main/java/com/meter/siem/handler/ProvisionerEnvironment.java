package com.meter.siem.handler;

import com.meter.siem.provisioning.Deployment;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the template tells the provisioner's function, read once at start: the stack whose resources it
 * provisions (STACK_ID, from {@code AWS::StackId}), its region, the two settings that decide what it may
 * destroy or take over (RetainStreamOnDelete, AdoptExistingStream), and the {@link Deployment}: the permissions
 * boundary that caps the role Meter assumes, Meter's principal, and the function's own role (the only principal
 * the external ID secret's resource policy lets change the ID). A request for any other stack is refused, so no
 * other stack can borrow the ServiceToken; a request may keep a stream or decline an adoption the deployment
 * allows, but never delete or adopt what the deployment does not.
 */
record ProvisionerEnvironment(String stackId, ResponseUrls responseUrls, boolean retainStreamOnDelete,
                              boolean adoptExistingStream, Deployment deployment) {
    static final String STACK_ID = "STACK_ID";
    static final String RETAIN_STREAM_ON_DELETE = "RETAIN_STREAM_ON_DELETE";
    static final String ADOPT_EXISTING_STREAM = "ADOPT_EXISTING_STREAM";
    static final String ROLE_BOUNDARY_ARN = "ROLE_BOUNDARY_ARN";
    static final String METER_SERVICE_ROLE_ARN = "METER_SERVICE_ROLE_ARN";
    static final String PROVISIONER_ROLE_ARN = "PROVISIONER_ROLE_ARN";
    private static final Pattern STACK_ARN =
            Pattern.compile("arn:(aws[a-z-]*):cloudformation:([a-z0-9-]+):(\\d{12}):stack/.+");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::(\\d{12}):role/[\\w+=,.@/-]+");

    static ProvisionerEnvironment from(Map<String, String> environment) {
        String region = environment.get("AWS_REGION");
        if (region == null || region.isBlank()) {
            throw new IllegalStateException("AWS_REGION is not set: Lambda sets it for every function");
        }
        String stackId = environment.get(STACK_ID);
        var matcher = stackId == null ? null : STACK_ARN.matcher(stackId);
        if (matcher == null || !matcher.matches() || !matcher.group(2).equals(region)) {
            throw new IllegalStateException(STACK_ID + " must be the ARN of this function's stack in " + region
                    + " (template.yaml sets it to AWS::StackId); got " + stackId);
        }
        boolean retain = flag(environment, RETAIN_STREAM_ON_DELETE);
        boolean adopt = flag(environment, ADOPT_EXISTING_STREAM);
        String boundary = environment.get(ROLE_BOUNDARY_ARN);
        String policies = "arn:%s:iam::%s:policy/".formatted(matcher.group(1), matcher.group(3));
        if (boundary == null || !boundary.startsWith(policies) || boundary.length() == policies.length()) {
            throw new IllegalStateException(ROLE_BOUNDARY_ARN + " must be the ARN of a managed policy of this"
                    + " account, " + policies + "... (template.yaml sets it to MeterRoleBoundary); got " + boundary);
        }
        String principal = environment.get(METER_SERVICE_ROLE_ARN);
        if (principal == null || principal.isBlank()) {
            throw new IllegalStateException(METER_SERVICE_ROLE_ARN + " must be set (template.yaml sets it from the"
                    + " parameter MeterServiceRoleArn)");
        }
        String roleArn = environment.get(PROVISIONER_ROLE_ARN);
        var role = roleArn == null ? null : ROLE_ARN.matcher(roleArn);
        if (role == null || !role.matches() || !role.group(1).equals(matcher.group(3))) {
            throw new IllegalStateException(PROVISIONER_ROLE_ARN + " must be the ARN of this function's role, in the"
                    + " stack's account (template.yaml sets it to ProvisionerRole's ARN); got " + roleArn);
        }
        return new ProvisionerEnvironment(stackId,
                ResponseUrls.forRegion(region, environment.get(ResponseUrls.TEST_ENDPOINT_VARIABLE)),
                retain, adopt, new Deployment(boundary, principal, roleArn));
    }

    private static boolean flag(Map<String, String> environment, String name) {
        String value = environment.get(name);
        if (!"true".equals(value) && !"false".equals(value)) {
            throw new IllegalStateException(name + " must be true or false (template.yaml sets it from the parameter"
                    + " of the same name); got " + value);
        }
        return Boolean.parseBoolean(value);
    }
}
