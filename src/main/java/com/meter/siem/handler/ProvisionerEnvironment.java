package com.meter.siem.handler;

import com.meter.siem.provisioning.Deployment;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the template tells the provisioner's function, read once at start: the stack whose resources it
 * provisions (STACK_ID, from {@code AWS::StackId}), its region, and the two settings that decide what it may
 * destroy or take over (RetainStreamOnDelete, AdoptExistingStream), and the {@link Deployment}: the permissions
 * boundary that caps the role Meter assumes and Meter's principal. A request for any other stack is refused, so no other
 * stack can borrow the ServiceToken; a request may keep a stream or decline an adoption the deployment allows,
 * but never delete or adopt what the deployment does not.
 */
record ProvisionerEnvironment(String stackId, ResponseUrls responseUrls, boolean retainStreamOnDelete,
                              boolean adoptExistingStream, Deployment deployment) {
    static final String STACK_ID = "STACK_ID";
    static final String RETAIN_STREAM_ON_DELETE = "RETAIN_STREAM_ON_DELETE";
    static final String ADOPT_EXISTING_STREAM = "ADOPT_EXISTING_STREAM";
    static final String ROLE_BOUNDARY_ARN = "ROLE_BOUNDARY_ARN";
    static final String METER_SERVICE_ROLE_ARN = "METER_SERVICE_ROLE_ARN";
    private static final Pattern STACK_ARN =
            Pattern.compile("arn:(aws[a-z-]*):cloudformation:([a-z0-9-]+):(\\d{12}):stack/.+");

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
        String boundary = environment.get(ROLE_BOUNDARY_ARN);
        String policies = "arn:%s:iam::%s:policy/".formatted(matcher.group(1), matcher.group(3));
        if (boundary == null || !boundary.startsWith(policies) || boundary.length() == policies.length()) {
            throw new IllegalStateException(ROLE_BOUNDARY_ARN + " must be the ARN of a managed policy of this"
                    + " account, " + policies + "... (template.yaml sets it to MeterRoleBoundary); got " + boundary);
        }
        return new ProvisionerEnvironment(stackId,
                ResponseUrls.forRegion(region, environment.get(ResponseUrls.TEST_ENDPOINT_VARIABLE)),
                flag(environment, RETAIN_STREAM_ON_DELETE), flag(environment, ADOPT_EXISTING_STREAM),
                new Deployment(boundary, required(environment, METER_SERVICE_ROLE_ARN)));
    }

    private static String required(Map<String, String> environment, String name) {
        String value = environment.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " must be set (template.yaml sets it from the parameter of the"
                    + " same name)");
        }
        return value;
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
