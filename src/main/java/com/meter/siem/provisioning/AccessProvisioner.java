package com.meter.siem.provisioning;

import com.meter.siem.integration.Placement;
import com.meter.siem.integration.PolicyDocuments;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The external ID's secret (through {@link ExternalIdProvisioner}), the write policy and the role Meter assumes:
 * created, converged to the spec, renamed in place, and deleted only when they are ours and still serve the
 * stream being deleted. The trust policy changes in one call, after the secret: a run that fails before it
 * leaves Meter the IDs it had.
 */
final class AccessProvisioner {
    static final String ROLE_DESCRIPTION = "Allows Meter to publish security events to Kinesis";
    static final String POLICY_DESCRIPTION = "Allows writing records to Meter SIEM Kinesis stream";
    /** The principal the role trusted before the deployment's last change of it, for that change's rollback. */
    static final String REPLACED_PRINCIPAL_TAG = "meter-siem:replaced-principal";

    record Result(String roleArn, String roleName, String policyArn, String secretArn) {
    }

    private final IamGateway iam;
    private final ExternalIdProvisioner externalIds;
    private final Placement placement;
    private final String roleBoundaryArn;
    private final String deployedPrincipal;

    AccessProvisioner(IamGateway iam, ExternalIdProvisioner externalIds, Placement placement, Deployment deployment) {
        this.iam = iam;
        this.externalIds = externalIds;
        this.placement = placement;
        this.roleBoundaryArn = deployment.roleBoundaryArn();
        this.deployedPrincipal = deployment.meterServiceRoleArn();
    }

    /**
     * @param previous the replaced properties on Update, null on Create
     * @param customerKeyArn the stream's customer managed key, or empty
     */
    Result ensure(AccessSpec spec, PreviousProperties previous, String streamArn, String customerKeyArn,
                  Set<String> retiredTagKeys, Ownership owner, Progress progress, Journal journal) {
        requireTrustableByDeployment(spec, previous, owner, progress);
        ExternalIdProvisioner.Trusted secret = externalIds.ensure(spec.externalId(), previous, spec.tags(), owner,
                progress, journal);
        String policyArn = ensurePolicy(spec, streamArn, customerKeyArn, retiredTagKeys, owner, progress, journal);
        String trustPolicy = PolicyDocuments.trustPolicy(spec.meterServiceRoleArn(), secret.ids());
        String roleArn = ensureRole(spec, previous, trustPolicy, retiredTagKeys, owner, progress, journal);
        progress.enter("read policies attached to role " + spec.roleName());
        if (!iam.attachedPolicyArns(spec.roleName()).contains(policyArn)) {
            progress.enter("attach policy %s to role %s".formatted(spec.policyName(), spec.roleName()));
            journal.creating("attachment of " + spec.policyName(), () -> {
                if (!iam.attachedPolicyArns(spec.roleName()).contains(policyArn)) {
                    return false;
                }
                iam.detach(spec.roleName(), policyArn);
                return true;
            });
            try {
                iam.attach(spec.roleName(), policyArn);
            } catch (Propagation.NotYetPropagatedException notYet) {
                throw new ProvisioningException(progress.step(), ("IAM still did not know policy %s or role %s"
                        + " after %s. IAM takes a moment to propagate what was just created: deploy again.")
                        .formatted(spec.policyName(), spec.roleName(), notYet.tries()), notYet.getCause());
            }
        }
        if (previous != null) {
            retireRenamed(spec, previous, owner, progress);
        }
        return new Result(roleArn, spec.roleName(), policyArn, secret.secretArn());
    }

    /**
     * Removes the role, policy and secret, unless they are not ours or the role has since been pointed
     * at another stream of this resource (the old stream's Delete after a replacement).
     */
    String delete(DeleteSpec spec, String streamArn, Ownership owner, Progress progress) {
        String policyArn = spec.policyName() == null ? null : placement.policyArn(spec.policyName());
        Optional<IamGateway.Policy> policy = Optional.empty();
        if (policyArn != null) {
            progress.enter("read policy " + spec.policyName());
            policy = iam.policy(policyArn).filter(p -> owner.owns(p.tags()));
        }
        if (policy.isPresent() && !PolicyDocuments.kinesisResources(policy.get().document()).contains(streamArn)) {
            return "role %s and policy %s kept: they now serve another stream".formatted(
                    spec.roleName(), spec.policyName());
        }
        StringBuilder summary = new StringBuilder();
        Optional<IamGateway.Role> role = Optional.empty();
        if (spec.roleName() != null) {
            progress.enter("read role " + spec.roleName());
            role = iam.role(spec.roleName()).filter(r -> owner.owns(r.tags()));
        }
        if (role.isPresent()) {
            capped(spec.roleName(), role.get(), progress);
            if (policyArn != null) {
                progress.enter("detach policy %s from role %s".formatted(spec.policyName(), spec.roleName()));
                iam.detach(spec.roleName(), policyArn);
            }
            progress.enter("delete role " + spec.roleName());
            deleteRole(spec.roleName(), progress);
            summary.append("role ").append(spec.roleName()).append(" deleted");
        } else {
            summary.append("role ").append(spec.roleName()).append(" not ours or gone");
        }
        if (policy.isPresent()) {
            progress.enter("delete policy " + spec.policyName());
            iam.deletePolicy(policyArn);
            summary.append(", policy ").append(spec.policyName()).append(" deleted");
        }
        if (spec.secretName() != null) {
            summary.append(externalIds.delete(spec.secretName(), owner, progress));
        }
        return summary.toString();
    }

    private String ensurePolicy(AccessSpec spec, String streamArn, String customerKeyArn, Set<String> retiredTagKeys,
                                Ownership owner, Progress progress, Journal journal) {
        String arn = placement.policyArn(spec.policyName());
        String document = PolicyDocuments.writePolicy(streamArn, customerKeyArn);
        progress.enter("read policy " + spec.policyName());
        Optional<IamGateway.Policy> existing = iam.policy(arn);
        if (existing.isEmpty()) {
            progress.enter("create policy " + spec.policyName());
            journal.creating("policy " + spec.policyName(), () -> iam.policy(arn).filter(p -> owner.owns(p.tags()))
                    .map(policy -> {
                        iam.deletePolicy(arn);
                        return true;
                    }).orElse(false));
            return iam.createPolicy(spec.policyName(), document, POLICY_DESCRIPTION, withOwner(spec.tags(), owner));
        }
        if (!owner.owns(existing.get().tags())) {
            throw new ProvisioningException(progress.step(), ("IAM policy %s already exists and was not created by"
                    + " this stack; delete it or set IamPolicyName to another name").formatted(arn), null);
        }
        if (!PolicyDocuments.sameDocument(existing.get().document(), document)) {
            progress.enter("update policy " + spec.policyName());
            iam.replaceDocument(arn, document);
        }
        convergeTags("policy", spec.policyName(), existing.get().tags(), withOwner(spec.tags(), owner),
                retiredTagKeys, progress, tags -> iam.tagPolicy(arn, tags), keys -> iam.untagPolicy(arn, keys));
        return arn;
    }

    private String ensureRole(AccessSpec spec, PreviousProperties previous, String trustPolicy,
                              Set<String> retiredTagKeys, Ownership owner, Progress progress, Journal journal) {
        progress.enter("read role " + spec.roleName());
        Optional<IamGateway.Role> existing = iam.role(spec.roleName());
        if (existing.isEmpty()) {
            progress.enter("create role " + spec.roleName());
            journal.creating("role " + spec.roleName(), () -> iam.role(spec.roleName())
                    .filter(r -> owner.owns(r.tags())).map(role -> {
                        iam.deleteRole(spec.roleName());
                        return true;
                    }).orElse(false));
            Map<String, String> tags = withOwner(spec.tags(), owner);
            if (previous != null && !previous.roleName().equals(spec.roleName())) {
                // A rename: the new role records whom the old one trusted, for a rollback that comes first.
                iam.role(previous.roleName()).filter(r -> owner.owns(r.tags()))
                        .map(r -> PolicyDocuments.trustedPrincipal(r.trustPolicy()))
                        .filter(trusted -> !trusted.equals(spec.meterServiceRoleArn()))
                        .ifPresent(trusted -> tags.put(REPLACED_PRINCIPAL_TAG, trusted));
            }
            return iam.createRole(spec.roleName(), trustPolicy, roleBoundaryArn, ROLE_DESCRIPTION, tags);
        }
        if (!owner.owns(existing.get().tags())) {
            throw new ProvisioningException(progress.step(), ("IAM role %s already exists and was not created by this"
                    + " stack (made by hand?); delete it or set IamRoleName to another name").formatted(spec.roleName()),
                    null);
        }
        capped(spec.roleName(), existing.get(), progress);
        if (!PolicyDocuments.sameDocument(existing.get().trustPolicy(), trustPolicy)) {
            String trusted = PolicyDocuments.trustedPrincipal(existing.get().trustPolicy());
            if (!trusted.equals(spec.meterServiceRoleArn())) {
                progress.enter("record on role %s the principal it trusted".formatted(spec.roleName()));
                iam.tagRole(spec.roleName(), Map.of(REPLACED_PRINCIPAL_TAG, trusted));
            }
            progress.enter("update trust policy of role " + spec.roleName());
            iam.updateTrustPolicy(spec.roleName(), trustPolicy);
        }
        convergeTags("role", spec.roleName(), existing.get().tags(), withOwner(spec.tags(), owner), retiredTagKeys,
                progress, tags -> iam.tagRole(spec.roleName(), tags), keys -> iam.untagRole(spec.roleName(), keys));
        return existing.get().arn();
    }

    /** After a rename, the old role and policy go once the new ones are in place. */
    private void retireRenamed(AccessSpec spec, PreviousProperties previous, Ownership owner, Progress progress) {
        String oldPolicyArn = placement.policyArn(previous.policyName());
        if (!previous.policyName().equals(spec.policyName())) {
            progress.enter("detach old policy %s from role %s".formatted(previous.policyName(), spec.roleName()));
            iam.detach(spec.roleName(), oldPolicyArn);
        }
        if (!previous.roleName().equals(spec.roleName())) {
            progress.enter("read old role " + previous.roleName());
            Optional<IamGateway.Role> oldRole = iam.role(previous.roleName()).filter(r -> owner.owns(r.tags()));
            if (oldRole.isPresent()) {
                capped(previous.roleName(), oldRole.get(), progress);
                progress.enter("delete old role " + previous.roleName());
                iam.detach(previous.roleName(), oldPolicyArn);
                deleteRole(previous.roleName(), progress);
            }
        }
        if (!previous.policyName().equals(spec.policyName())) {
            progress.enter("read old policy " + previous.policyName());
            if (iam.policy(oldPolicyArn).filter(p -> owner.owns(p.tags())).isPresent()) {
                progress.enter("delete old policy " + previous.policyName());
                iam.deletePolicy(oldPolicyArn);
            }
        }
    }

    /**
     * Whom the role trusts is the deployment's choice (MeterServiceRoleArn in the function's configuration), not
     * a request's. A request may name another principal only to roll back the deployment's last change of it:
     * CloudFormation may roll back the custom resource before or after the function's configuration, so the
     * principal that change replaced, recorded on the role (the renamed one, if the change renamed it), is
     * accepted too.
     */
    private void requireTrustableByDeployment(AccessSpec spec, PreviousProperties previous, Ownership owner,
                                              Progress progress) {
        String requested = spec.meterServiceRoleArn();
        if (requested.equals(deployedPrincipal)) {
            return;
        }
        Set<String> roleNames = new TreeSet<>(Set.of(spec.roleName()));
        if (previous != null) {
            roleNames.add(previous.roleName());
        }
        boolean replaced = false;
        for (String roleName : roleNames) {
            progress.enter("read role " + roleName);
            replaced |= iam.role(roleName).filter(role -> owner.owns(role.tags()))
                    .map(role -> requested.equals(role.tags().get(REPLACED_PRINCIPAL_TAG))).orElse(false);
        }
        if (!replaced) {
            throw new ProvisioningException(progress.step(), ("Refused: MeterServiceRoleArn %s is not the deployment's"
                    + " (%s, which the template sets in the function's configuration), nor the one its last change"
                    + " replaced: a request alone cannot change whom the role trusts").formatted(requested,
                    deployedPrincipal), null);
        }
    }

    /**
     * The provisioner may change only roles its boundary caps (its IAM policy says so), so a role made before
     * the boundary existed, or stripped of it, gets the boundary before anything else is changed on it.
     */
    private void capped(String roleName, IamGateway.Role role, Progress progress) {
        if (!roleBoundaryArn.equals(role.permissionsBoundaryArn())) {
            progress.enter("set the permissions boundary of role " + roleName);
            iam.putPermissionsBoundary(roleName, roleBoundaryArn);
        }
    }

    /** A role that something outside this stack still holds is kept, and the reason names what holds it. */
    private void deleteRole(String roleName, Progress progress) {
        try {
            iam.deleteRole(roleName);
        } catch (IamGateway.RoleInUseException inUse) {
            throw new ProvisioningException(progress.step(), ("IAM role %s is still used by what this stack did not"
                    + " add: attached policies %s, inline policies %s, instance profiles %s. Detach or remove them"
                    + " if nothing else needs them, then retry.").formatted(roleName,
                    listed(inUse.attachedPolicyArns()), listed(inUse.inlinePolicyNames()),
                    listed(inUse.instanceProfileNames())), inUse.getCause());
        }
    }

    private static String listed(List<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    /**
     * Gives a role or policy the tags it lacks, and removes the keys the previous properties set, the new ones do
     * not, and the entity still carries.
     */
    private static void convergeTags(String kind, String name, Map<String, String> current,
                                     Map<String, String> desired, Set<String> retiredTagKeys, Progress progress,
                                     Consumer<Map<String, String>> tag, Consumer<Set<String>> untag) {
        if (!current.entrySet().containsAll(desired.entrySet())) {
            progress.enter("tag %s %s".formatted(kind, name));
            tag.accept(desired);
        }
        Set<String> retired = new TreeSet<>(retiredTagKeys);
        retired.retainAll(current.keySet());
        retired.removeAll(desired.keySet());
        if (!retired.isEmpty()) {
            progress.enter("remove %s tags %s".formatted(kind, retired));
            untag.accept(retired);
        }
    }

    private static Map<String, String> withOwner(Map<String, String> tags, Ownership owner) {
        Map<String, String> all = new HashMap<>(tags);
        all.putAll(owner.ownerTags());
        return all;
    }
}
