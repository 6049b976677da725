package com.meter.siem.aws;

import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The one place that turns AWS failures into text for people: the AWS error code and message, and
 * for the errors users meet, what to do (the seeds' troubleshooting, where it applies).
 */
public final class AwsErrors {
    private static final Map<String, String> ADVICE = Map.ofEntries(
            Map.entry("AccessDenied", "the provisioner's role lacks a permission; see ProvisionerRole in template.yaml"),
            Map.entry("AccessDeniedException", "the provisioner's role lacks a permission; see ProvisionerRole in template.yaml"),
            Map.entry("MalformedPolicyDocument", "check MeterServiceRoleArn: it must be exactly the ARN Meter gave you"
                    + " (12-digit account ID 458553032353 for Meter, no extra spaces)"),
            Map.entry("EntityAlreadyExists", "an IAM role or policy with that name exists outside this stack;"
                    + " delete it or choose another IamRoleName / IamPolicyName"),
            Map.entry("DeleteConflict", "something outside this stack is attached to the role or policy;"
                    + " detach it and retry"),
            Map.entry("LimitExceededException", "a Kinesis limit was reached (shard quota, or at most two capacity-mode"
                    + " switches and ten shard-count changes per stream per 24 hours); retry later or request a"
                    + " quota increase"),
            Map.entry("ResourceInUseException", "the stream is being created, updated or deleted by another"
                    + " request; wait until it is ACTIVE and retry"),
            Map.entry("KMSAccessDeniedException", "the key policy of KmsKeyArn must allow this account to use the key"),
            Map.entry("KMSNotFoundException", "KmsKeyArn does not name an existing key in this region"),
            Map.entry("KMSDisabledException", "the key in KmsKeyArn is disabled"),
            Map.entry("KMSInvalidStateException", "the key in KmsKeyArn is pending deletion or not usable"),
            Map.entry("Throttling", "AWS throttled the calls after retries; retry the stack operation"),
            Map.entry("ThrottlingException", "AWS throttled the calls after retries; retry the stack operation"));

    private AwsErrors() {
    }

    public static String describe(Throwable failure) {
        if (failure instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            String code = aws.awsErrorDetails().errorCode();
            String message = aws.awsErrorDetails().errorMessage();
            if (code == null) {
                // An error body the SDK could not parse: the HTTP status is all there is to go on.
                code = "HTTP " + aws.statusCode() + (aws.statusCode() == 403 ? " AccessDenied" : "");
            }
            String advice = ADVICE.get(code.endsWith("AccessDenied") ? "AccessDenied" : code);
            return "%s: %s%s".formatted(code, message == null ? "(no message)" : message,
                    advice == null ? "" : " (" + advice + ")");
        }
        if (failure instanceof ApiCallTimeoutException) {
            return "an AWS call did not finish in time: " + failure.getMessage();
        }
        if (failure instanceof SdkClientException) {
            return "could not complete the AWS call: " + failure.getMessage();
        }
        return failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    }
}
