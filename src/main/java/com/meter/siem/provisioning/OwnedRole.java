package com.meter.siem.provisioning;

import com.meter.siem.integration.PolicyDocuments;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The role Meter assumes, always under the deployment's permissions boundary. Whenever its trust policy changes
 * principal, the role records the one it trusted before, so that the rollback of that change is recognised as
 * such (see {@link AccessProvisioner}).
 */
final class OwnedRole extends OwnedIamEntity<IamGateway.Role> {
    static final String DESCRIPTION = "Allows Meter to publish security events to Kinesis";
    /** The principal the role trusted before the deployment's last change of it, for that change's rollback. */
    static final String REPLACED_PRINCIPAL_TAG = "meter-siem:replaced-principal";

    private final IamGateway iam;
    private final String boundaryArn;
    private final String renamedFrom;

    OwnedRole(IamGateway iam, String roleName, String boundaryArn, Ownership owner) {
        this(iam, roleName, boundaryArn, owner, null);
    }

    private OwnedRole(IamGateway iam, String roleName, String boundaryArn, Ownership owner, String renamedFrom) {
        super("role", roleName, owner);
        this.iam = iam;
        this.boundaryArn = boundaryArn;
        this.renamedFrom = renamedFrom;
    }

    /** This role as the new name of {@code previousName}: created, it records whom the old one trusted. */
    OwnedRole renamedFrom(String previousName) {
        return new OwnedRole(iam, name, boundaryArn, owner, previousName);
    }

    /** The principal the deployment's last change of this role replaced, if the role is ours and recorded one. */
    Optional<String> replacedPrincipal() {
        return owned().map(role -> role.tags().get(REPLACED_PRINCIPAL_TAG));
    }

    @Override
    Optional<IamGateway.Role> describe() {
        return iam.role(name);
    }

    @Override
    String create(String trustPolicy, Map<String, String> tags) {
        Map<String, String> all = new HashMap<>(tags);
        if (renamedFrom != null) {
            // The new role records whom the old one trusted, for a rollback that comes before the old role's.
            String trusting = PolicyDocuments.trustedPrincipal(trustPolicy);
            new OwnedRole(iam, renamedFrom, boundaryArn, owner).owned()
                    .map(old -> PolicyDocuments.trustedPrincipal(old.trustPolicy()))
                    .filter(trusted -> !trusted.equals(trusting))
                    .ifPresent(trusted -> all.put(REPLACED_PRINCIPAL_TAG, trusted));
        }
        return iam.createRole(name, trustPolicy, boundaryArn, DESCRIPTION, all);
    }

    @Override
    String refusal() {
        return ("IAM role %s already exists and was not created by this stack (made by hand?); delete it or set"
                + " IamRoleName to another name").formatted(name);
    }

    /**
     * The provisioner may change only roles its boundary caps (its IAM policy says so), so a role made before
     * the boundary existed, or stripped of it, gets the boundary before anything else is changed on it.
     */
    @Override
    void makeChangeable(IamGateway.Role existing, Progress progress) {
        if (!boundaryArn.equals(existing.permissionsBoundaryArn())) {
            progress.enter("set the permissions boundary of role " + name);
            iam.putPermissionsBoundary(name, boundaryArn);
        }
    }

    @Override
    void replaceDocument(IamGateway.Role existing, String trustPolicy, Progress progress) {
        String trusted = PolicyDocuments.trustedPrincipal(existing.trustPolicy());
        if (!trusted.equals(PolicyDocuments.trustedPrincipal(trustPolicy))) {
            progress.enter("record on role %s the principal it trusted".formatted(name));
            iam.tagRole(name, Map.of(REPLACED_PRINCIPAL_TAG, trusted));
        }
        progress.enter("update trust policy of role " + name);
        iam.updateTrustPolicy(name, trustPolicy);
    }

    @Override
    void delete() {
        iam.deleteRole(name);
    }

    @Override
    void tag(Map<String, String> tags) {
        iam.tagRole(name, tags);
    }

    @Override
    void untag(Set<String> keys) {
        iam.untagRole(name, keys);
    }

    /** Deletes it; a role that something outside this stack still holds is kept, and the reason names what. */
    void deleteHeld(Progress progress) {
        try {
            iam.deleteRole(name);
        } catch (IamGateway.RoleInUseException inUse) {
            throw new ProvisioningException(progress.step(), ("IAM role %s is still used by what this stack did not"
                    + " add: attached policies %s, inline policies %s, instance profiles %s. Detach or remove them"
                    + " if nothing else needs them, then retry.").formatted(name, listed(inUse.attachedPolicyArns()),
                    listed(inUse.inlinePolicyNames()), listed(inUse.instanceProfileNames())), inUse.getCause());
        }
    }

    private static String listed(List<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", names);
    }
}
