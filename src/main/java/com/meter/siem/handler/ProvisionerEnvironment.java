package com.meter.siem.handler;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the template tells the provisioner's function about where it serves, read once at start: the stack
 * whose resources it provisions (STACK_ID, from {@code AWS::StackId}) and its region. A request for any other
 * stack is refused, so no other stack can borrow the ServiceToken.
 */
record ProvisionerEnvironment(String stackId, ResponseUrls responseUrls) {
    static final String STACK_ID = "STACK_ID";
    private static final Pattern STACK_ARN = Pattern.compile("arn:aws[a-z-]*:cloudformation:([a-z0-9-]+):\\d{12}:stack/.+");

    static ProvisionerEnvironment from(Map<String, String> environment) {
        String region = environment.get("AWS_REGION");
        if (region == null || region.isBlank()) {
            throw new IllegalStateException("AWS_REGION is not set: Lambda sets it for every function");
        }
        String stackId = environment.get(STACK_ID);
        var matcher = stackId == null ? null : STACK_ARN.matcher(stackId);
        if (matcher == null || !matcher.matches() || !matcher.group(1).equals(region)) {
            throw new IllegalStateException(STACK_ID + " must be the ARN of this function's stack in " + region
                    + " (template.yaml sets it to AWS::StackId); got " + stackId);
        }
        return new ProvisionerEnvironment(stackId,
                ResponseUrls.forRegion(region, environment.get(ResponseUrls.TEST_ENDPOINT_VARIABLE)));
    }
}
