package com.meter.siem.provisioning;

import com.meter.siem.integration.Placement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The IAM calls provisioning needs, in domain terms. */
public interface IamGateway {
    /** What a role and a policy have alike for the stack that keeps them. */
    sealed interface Entity permits Role, Policy {
        String arn();

        /** The JSON document that says whom or what it allows. */
        String document();

        Map<String, String> tags();
    }

    /** @param permissionsBoundaryArn the role's permissions boundary, or empty when it has none */
    record Role(String arn, String trustPolicy, Map<String, String> tags, String permissionsBoundaryArn)
            implements Entity {
        @Override
        public String document() {
            return trustPolicy;
        }
    }

    record Policy(String arn, String document, Map<String, String> tags) implements Entity {
    }

    Optional<Role> role(String roleName);

    /** Creates the role under {@link Placement#IAM_PATH}, capped by the permissions boundary. */
    String createRole(String roleName, String trustPolicy, String permissionsBoundaryArn, String description,
                      Map<String, String> tags);

    void putPermissionsBoundary(String roleName, String permissionsBoundaryArn);

    void updateTrustPolicy(String roleName, String trustPolicy);

    void tagRole(String roleName, Map<String, String> tags);

    void untagRole(String roleName, Set<String> keys);

    List<String> attachedPolicyArns(String roleName);

    /**
     * Retries while IAM answers that the role or policy does not exist: both may have been created moments
     * before.
     *
     * @throws Propagation.NotYetPropagatedException when IAM still does not know them after the last attempt
     */
    void attach(String roleName, String policyArn);

    /** Succeeds when the policy is not attached. */
    void detach(String roleName, String policyArn);

    /**
     * Succeeds when the role does not exist.
     *
     * @throws RoleInUseException when policies or instance profiles still hold the role
     */
    void deleteRole(String roleName);

    Optional<Policy> policy(String policyArn);

    String createPolicy(String policyName, String document, String description, Map<String, String> tags);

    /** Makes the document the policy's default version, pruning the oldest version at IAM's limit of five. */
    void replaceDocument(String policyArn, String document);

    void tagPolicy(String policyArn, Map<String, String> tags);

    void untagPolicy(String policyArn, Set<String> keys);

    /** Deletes its versions and the policy; succeeds when it does not exist. */
    void deletePolicy(String policyArn);

    /** IAM refused to delete a role (DeleteConflict): what still holds it, as IAM listed it after the refusal. */
    final class RoleInUseException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final List<String> attachedPolicyArns;
        private final List<String> inlinePolicyNames;
        private final List<String> instanceProfileNames;

        public RoleInUseException(List<String> attachedPolicyArns, List<String> inlinePolicyNames,
                                  List<String> instanceProfileNames, Throwable cause) {
            super(cause);
            this.attachedPolicyArns = List.copyOf(attachedPolicyArns);
            this.inlinePolicyNames = List.copyOf(inlinePolicyNames);
            this.instanceProfileNames = List.copyOf(instanceProfileNames);
        }

        public List<String> attachedPolicyArns() {
            return attachedPolicyArns;
        }

        public List<String> inlinePolicyNames() {
            return inlinePolicyNames;
        }

        public List<String> instanceProfileNames() {
            return instanceProfileNames;
        }
    }
}
