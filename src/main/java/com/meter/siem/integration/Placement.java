package com.meter.siem.integration;

import java.util.regex.Pattern;

/**
 * The partition, region and account the integration lives in; builds the ARNs of what the provisioner creates
 * and the health checker inspects, including the stream's, which is known even when the stream is gone.
 */
public record Placement(String partition, String region, String accountId) {
    private static final Pattern STACK_ID =
            Pattern.compile("arn:(aws|aws-cn|aws-us-gov):cloudformation:([a-z0-9-]+):(\\d{12}):stack/([^/]+).*");
    /** Roles and policies live under this IAM path, so the provisioner's own permissions can be scoped to it. */
    public static final String IAM_PATH = "/meter-siem/";

    /** @throws IllegalArgumentException when STACK_ID is not a CloudFormation stack ARN */
    public static Placement fromStackId(String stackId) {
        var matcher = STACK_ID.matcher(stackId == null ? "" : stackId);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(
                    "StackId: must be a CloudFormation stack ARN, arn:aws:cloudformation:REGION:ACCOUNT:stack/NAME/ID");
        }
        return new Placement(matcher.group(1), matcher.group(2), matcher.group(3));
    }

    public String streamArn(String streamName) {
        return "arn:%s:kinesis:%s:%s:stream/%s".formatted(partition, region, accountId, streamName);
    }

    public String roleArn(String roleName) {
        return "arn:%s:iam::%s:role%s%s".formatted(partition, accountId, IAM_PATH, roleName);
    }

    public String policyArn(String policyName) {
        return "arn:%s:iam::%s:policy%s%s".formatted(partition, accountId, IAM_PATH, policyName);
    }

    /** The stream name in a stream ARN, or null when the text is not one of this account's stream ARNs. */
    public String streamNameOf(String arn) {
        String prefix = streamArn("");
        return arn != null && arn.startsWith(prefix) && arn.length() > prefix.length()
                ? arn.substring(prefix.length()) : null;
    }
}
