package com.meter.siem.health;

import com.meter.siem.integration.PolicyDocuments;
import java.util.ArrayList;
import java.util.List;

/**
 * Meter's role holds exactly the write policy, which allows exactly PutRecord and PutRecords on the
 * stream (and the key's use, with a customer managed key): nothing detached, nothing broader.
 */
final class WritePolicyChangedCheck implements AccessCheck {
    static final String NAME = "WritePolicyChanged";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Finding evaluate(AccessObservation observation) {
        String unknown = observation.whyNoRole();
        if (unknown != null) {
            return Finding.unknown(NAME, Severity.CRITICAL, unknown);
        }
        List<String> problems = new ArrayList<>();
        if (!observation.attachedPolicyArns().contains(observation.writePolicyArn())) {
            problems.add("the write policy is detached from the role");
        }
        List<String> others = new ArrayList<>(observation.attachedPolicyArns());
        others.remove(observation.writePolicyArn());
        if (!others.isEmpty()) {
            problems.add("other managed policies are attached: " + String.join(", ", others));
        }
        if (!observation.inlinePolicyNames().isEmpty()) {
            problems.add("inline policies were added: " + String.join(", ", observation.inlinePolicyNames()));
        }
        if (observation.writePolicy() == null) {
            problems.add("the write policy was deleted");
        } else if (!PolicyDocuments.sameDocument(observation.writePolicy(), observation.expectedWritePolicy())) {
            problems.add("the write policy allows something other than PutRecord/PutRecords on the stream");
        }
        if (problems.isEmpty()) {
            return Finding.ok(NAME, Severity.CRITICAL, "write policy as deployed");
        }
        return new Finding(NAME, Severity.CRITICAL, CheckStatus.FAILING,
                "The permissions of IAM role %s were changed outside the stack.".formatted(observation.roleName()),
                String.join("; ", problems), "only " + observation.writePolicyArn()
                        + " attached, allowing kinesis:PutRecord and kinesis:PutRecords on the stream", "",
                "Treat broader access as a security event: find the change in CloudTrail, then"
                        + " " + Fixes.REAPPLY + " to restore the policy, and detach what the stack did not attach.");
    }
}
