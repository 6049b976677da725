package com.meter.siem.health;

import java.util.List;
import java.util.Optional;

/** Reads the role Meter assumes and its policies, in domain terms. */
public interface RoleInspector {
    /**
     * @param trustPolicy the decoded trust policy; it holds the external ID, so it is never logged
     */
    record RoleView(String trustPolicy, List<String> attachedPolicyArns, List<String> inlinePolicyNames) {
        @Override
        public String toString() {
            return "RoleView[attachedPolicyArns=%s, inlinePolicyNames=%s]".formatted(attachedPolicyArns,
                    inlinePolicyNames);
        }
    }

    Optional<RoleView> inspect(String roleName);

    /** The default version's document, or empty when the policy does not exist. */
    Optional<String> policyDocument(String policyArn);
}
