package com.meter.siem.provisioning;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The customer managed write policy, by its ARN. */
final class OwnedPolicy extends OwnedIamEntity<IamGateway.Policy> {
    static final String DESCRIPTION = "Allows writing records to Meter SIEM Kinesis stream";

    private final IamGateway iam;
    private final String arn;

    OwnedPolicy(IamGateway iam, String policyName, String arn, Ownership owner) {
        super("policy", policyName, owner);
        this.iam = iam;
        this.arn = arn;
    }

    @Override
    Optional<IamGateway.Policy> describe() {
        return iam.policy(arn);
    }

    @Override
    String create(String document, Map<String, String> tags) {
        return iam.createPolicy(name, document, DESCRIPTION, tags);
    }

    @Override
    String refusal() {
        return ("IAM policy %s already exists and was not created by this stack; delete it or set IamPolicyName to"
                + " another name").formatted(arn);
    }

    @Override
    void replaceDocument(IamGateway.Policy existing, String document, Progress progress) {
        progress.enter("update policy " + name);
        iam.replaceDocument(arn, document);
    }

    @Override
    void delete() {
        iam.deletePolicy(arn);
    }

    @Override
    void tag(Map<String, String> tags) {
        iam.tagPolicy(arn, tags);
    }

    @Override
    void untag(Set<String> keys) {
        iam.untagPolicy(arn, keys);
    }
}
