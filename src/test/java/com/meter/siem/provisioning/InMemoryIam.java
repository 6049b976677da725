package com.meter.siem.provisioning;

import com.meter.siem.integration.Placement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An {@link IamGateway} over roles and managed policies held in memory, answering as IAM does for the
 * provisioner's own policy (template.yaml, ProvisionerRole):
 * <ul>
 *   <li>CreateRole and PutRolePermissionsBoundary are allowed only with the provisioner's boundary, and
 *       Attach- and DetachRolePolicy only on a role that boundary caps now (AccessDenied otherwise);</li>
 *   <li>DeleteRole answers DeleteConflict while managed or inline policies or instance profiles hold the role,
 *       and DeletePolicy while the policy is attached (IAM User Guide, "Deleting roles or instance profiles",
 *       "Deleting IAM policies");</li>
 *   <li>a managed policy keeps at most five versions: a new default version at five replaces the oldest,
 *       as the gateway deletes it first;</li>
 *   <li>a missing role or policy is NoSuchEntity, which the gateway turns into "not there": detach and
 *       delete succeed, attach fails once IAM's propagation is waited out.</li>
 * </ul>
 * Every call that changes something is recorded as "Operation name".
 */
final class InMemoryIam implements IamGateway {
    static final String ACCOUNT = "123456789012";
    private static final int MAX_POLICY_VERSIONS = 5;

    /** What IAM answered: its error code and message. */
    static final class IamError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final String code;

        IamError(String code, String message) {
            super(code + ": " + message);
            this.code = code;
        }

        String code() {
            return code;
        }
    }

    private static final class StoredRole {
        final String arn;
        String trustPolicy;
        String boundary;
        final Map<String, String> tags = new HashMap<>();
        final Set<String> attached = new LinkedHashSet<>();
        final List<String> inlinePolicies = new ArrayList<>();
        final List<String> instanceProfiles = new ArrayList<>();

        StoredRole(String arn, String trustPolicy, String boundary, Map<String, String> tags) {
            this.arn = arn;
            this.trustPolicy = trustPolicy;
            this.boundary = boundary;
            this.tags.putAll(tags);
        }
    }

    private static final class StoredPolicy {
        /** Documents by version id, oldest first; the last one is the default. */
        final LinkedHashMap<String, String> versions = new LinkedHashMap<>();
        final Map<String, String> tags = new HashMap<>();
        int nextVersion = 1;

        String defaultDocument() {
            return versions.sequencedValues().getLast();
        }
    }

    private final String provisionerBoundaryArn;
    private final Map<String, StoredRole> roles = new HashMap<>();
    private final Map<String, StoredPolicy> policies = new HashMap<>();
    private final List<String> writes = new ArrayList<>();
    private String failing = "";
    private boolean attachNotYetPropagated;

    /** @param provisionerBoundaryArn the only permissions boundary the provisioner's policy lets it set */
    InMemoryIam(String provisionerBoundaryArn) {
        this.provisionerBoundaryArn = provisionerBoundaryArn;
    }

    static String roleArnOf(String roleName) {
        return "arn:aws:iam::%s:role%s%s".formatted(ACCOUNT, Placement.IAM_PATH, roleName);
    }

    /** A role made outside the provisioner (by hand, or by an older release): any boundary, or none (""). */
    void putRole(String roleName, String trustPolicy, String boundaryArn, Map<String, String> tags) {
        roles.put(roleName, new StoredRole(roleArnOf(roleName), trustPolicy, boundaryArn, tags));
    }

    /** A policy made outside the provisioner. */
    void putPolicy(String policyArn, String document, Map<String, String> tags) {
        StoredPolicy policy = new StoredPolicy();
        policy.versions.put("v1", document);
        policy.nextVersion = 2;
        policy.tags.putAll(tags);
        policies.put(policyArn, policy);
    }

    /** An administrator's change, which the provisioner's policy does not govern. */
    void attachByHand(String roleName, String policyArn) {
        role(roleName, "AttachRolePolicy").attached.add(policyArn);
    }

    void setTrustPolicyByHand(String roleName, String trustPolicy) {
        role(roleName, "UpdateAssumeRolePolicy").trustPolicy = trustPolicy;
    }

    void setDocumentByHand(String policyArn, String document) {
        StoredPolicy policy = policy(policyArn, "CreatePolicyVersion");
        policy.versions.put("v" + policy.nextVersion++, document);
    }

    void putInlinePolicy(String roleName, String policyName) {
        role(roleName, "PutRolePolicy").inlinePolicies.add(policyName);
    }

    void addToInstanceProfile(String roleName, String profileName) {
        role(roleName, "AddRoleToInstanceProfile").instanceProfiles.add(profileName);
    }

    /** The next call of this operation fails as a 5xx would, after the SDK's retries. */
    void failOn(String operation) {
        failing = operation;
    }

    /** AttachRolePolicy keeps answering NoSuchEntity, as right after CreateRole until IAM has propagated it. */
    void attachNotYetPropagated() {
        attachNotYetPropagated = true;
    }

    /** The calls that changed IAM, as "Operation name", since the start or the last {@link #clearWrites()}. */
    List<String> writes() {
        return List.copyOf(writes);
    }

    void clearWrites() {
        writes.clear();
    }

    boolean hasRole(String roleName) {
        return roles.containsKey(roleName);
    }

    boolean hasPolicy(String policyArn) {
        return policies.containsKey(policyArn);
    }

    /** The policy's version ids, oldest first; the last is the default. */
    List<String> versionIds(String policyArn) {
        return List.copyOf(policies.get(policyArn).versions.keySet());
    }

    @Override
    public Optional<Role> role(String roleName) {
        call("GetRole");
        return Optional.ofNullable(roles.get(roleName)).map(role -> new Role(role.arn, role.trustPolicy,
                Map.copyOf(role.tags), role.boundary));
    }

    @Override
    public String createRole(String roleName, String trustPolicy, String permissionsBoundaryArn, String description,
                             Map<String, String> tags) {
        write("CreateRole", roleName);
        requireProvisionersBoundary(permissionsBoundaryArn, "CreateRole", roleName);
        if (roles.containsKey(roleName)) {
            throw new IamError("EntityAlreadyExists", "Role with name " + roleName + " already exists.");
        }
        roles.put(roleName, new StoredRole(roleArnOf(roleName), trustPolicy, permissionsBoundaryArn, tags));
        return roleArnOf(roleName);
    }

    @Override
    public void putPermissionsBoundary(String roleName, String permissionsBoundaryArn) {
        write("PutRolePermissionsBoundary", roleName);
        requireProvisionersBoundary(permissionsBoundaryArn, "PutRolePermissionsBoundary", roleName);
        role(roleName, "PutRolePermissionsBoundary").boundary = permissionsBoundaryArn;
    }

    @Override
    public void updateTrustPolicy(String roleName, String trustPolicy) {
        changing("UpdateAssumeRolePolicy", roleName).trustPolicy = trustPolicy;
    }

    @Override
    public void tagRole(String roleName, Map<String, String> tags) {
        changing("TagRole", roleName).tags.putAll(tags);
    }

    @Override
    public void untagRole(String roleName, Set<String> keys) {
        changing("UntagRole", roleName).tags.keySet().removeAll(keys);
    }

    @Override
    public List<String> attachedPolicyArns(String roleName) {
        call("ListAttachedRolePolicies");
        return List.copyOf(role(roleName, "ListAttachedRolePolicies").attached);
    }

    @Override
    public void attach(String roleName, String policyArn) {
        write("AttachRolePolicy", roleName);
        StoredRole role = roles.get(roleName);
        if (attachNotYetPropagated || role == null || !policies.containsKey(policyArn)) {
            throw new Propagation.NotYetPropagatedException(new Propagation(List.of(Duration.ofSeconds(1))),
                    new IamError("NoSuchEntity", "Policy " + policyArn + " does not exist or is not attachable."));
        }
        requireCapped(role, "AttachRolePolicy", roleName);
        role.attached.add(policyArn);
    }

    @Override
    public void detach(String roleName, String policyArn) {
        write("DetachRolePolicy", roleName);
        StoredRole role = roles.get(roleName);
        if (role != null) {
            requireCapped(role, "DetachRolePolicy", roleName);
            role.attached.remove(policyArn);
        }
    }

    @Override
    public void deleteRole(String roleName) {
        write("DeleteRole", roleName);
        StoredRole role = roles.get(roleName);
        if (role == null) {
            return;
        }
        if (!role.attached.isEmpty() || !role.inlinePolicies.isEmpty() || !role.instanceProfiles.isEmpty()) {
            throw new RoleInUseException(List.copyOf(role.attached), role.inlinePolicies, role.instanceProfiles,
                    new IamError("DeleteConflict", "Cannot delete entity, must detach all policies first."));
        }
        roles.remove(roleName);
    }

    @Override
    public Optional<Policy> policy(String policyArn) {
        call("GetPolicy");
        return Optional.ofNullable(policies.get(policyArn)).map(policy -> new Policy(policyArn,
                policy.defaultDocument(), Map.copyOf(policy.tags)));
    }

    @Override
    public String createPolicy(String policyName, String document, String description, Map<String, String> tags) {
        write("CreatePolicy", policyName);
        String arn = "arn:aws:iam::%s:policy%s%s".formatted(ACCOUNT, Placement.IAM_PATH, policyName);
        if (policies.containsKey(arn)) {
            throw new IamError("EntityAlreadyExists", "A policy called " + policyName + " already exists.");
        }
        putPolicy(arn, document, tags);
        return arn;
    }

    @Override
    public void replaceDocument(String policyArn, String document) {
        StoredPolicy policy = changingPolicy("CreatePolicyVersion", policyArn);
        if (policy.versions.size() >= MAX_POLICY_VERSIONS) {
            policy.versions.remove(policy.versions.firstEntry().getKey());
        }
        policy.versions.put("v" + policy.nextVersion++, document);
    }

    @Override
    public void tagPolicy(String policyArn, Map<String, String> tags) {
        changingPolicy("TagPolicy", policyArn).tags.putAll(tags);
    }

    @Override
    public void untagPolicy(String policyArn, Set<String> keys) {
        changingPolicy("UntagPolicy", policyArn).tags.keySet().removeAll(keys);
    }

    @Override
    public void deletePolicy(String policyArn) {
        write("DeletePolicy", policyArn);
        if (roles.values().stream().anyMatch(role -> role.attached.contains(policyArn))) {
            throw new IamError("DeleteConflict", "Cannot delete a policy attached to entities.");
        }
        policies.remove(policyArn);
    }

    private void requireProvisionersBoundary(String boundaryArn, String operation, String roleName) {
        if (!provisionerBoundaryArn.equals(boundaryArn)) {
            throw new IamError("AccessDenied", "not authorized to perform iam:%s on role %s: the boundary is not %s"
                    .formatted(operation, roleName, provisionerBoundaryArn));
        }
    }

    private void requireCapped(StoredRole role, String operation, String roleName) {
        requireProvisionersBoundary(role.boundary, operation, roleName);
    }

    private StoredRole role(String roleName, String operation) {
        StoredRole role = roles.get(roleName);
        if (role == null) {
            throw new IamError("NoSuchEntity", "%s: the role with name %s cannot be found.".formatted(operation,
                    roleName));
        }
        return role;
    }

    private StoredPolicy policy(String policyArn, String operation) {
        StoredPolicy policy = policies.get(policyArn);
        if (policy == null) {
            throw new IamError("NoSuchEntity", "%s: policy %s does not exist.".formatted(operation, policyArn));
        }
        return policy;
    }

    private StoredRole changing(String operation, String roleName) {
        write(operation, roleName);
        return role(roleName, operation);
    }

    private StoredPolicy changingPolicy(String operation, String policyArn) {
        write(operation, policyArn);
        return policy(policyArn, operation);
    }

    private void write(String operation, String name) {
        call(operation);
        writes.add(operation + " " + name);
    }

    private void call(String operation) {
        if (operation.equals(failing)) {
            failing = "";
            throw new IamError("ServiceFailure", operation + " failed");
        }
    }
}
