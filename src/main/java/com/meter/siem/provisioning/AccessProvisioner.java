package com.meter.siem.provisioning;

import com.meter.siem.integration.Placement;
import com.meter.siem.integration.PolicyDocuments;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The external ID's secret (through {@link ExternalIdProvisioner}), the write policy and the role Meter assumes:
 * created, converged to the spec, renamed in place, and deleted only when they are ours and still serve the
 * stream being deleted. The trust policy changes in one call, after the secret: a run that fails before it
 * leaves Meter the IDs it had.
 */
final class AccessProvisioner {
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
        String policyArn = new OwnedPolicy(iam, spec.policyName(), placement.policyArn(spec.policyName()), owner)
                .ensure(PolicyDocuments.writePolicy(streamArn, customerKeyArn), spec.tags(), retiredTagKeys, progress,
                        journal);
        OwnedRole role = new OwnedRole(iam, spec.roleName(), roleBoundaryArn, owner);
        if (previous != null && !previous.roleName().equals(spec.roleName())) {
            role = role.renamedFrom(previous.roleName());
        }
        String roleArn = role.ensure(PolicyDocuments.trustPolicy(spec.meterServiceRoleArn(), secret.ids()),
                spec.tags(), retiredTagKeys, progress, journal);
        attach(spec, policyArn, progress, journal);
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
            policy = new OwnedPolicy(iam, spec.policyName(), policyArn, owner).owned();
        }
        if (policy.isPresent() && !PolicyDocuments.kinesisResources(policy.get().document()).contains(streamArn)) {
            return "role %s and policy %s kept: they now serve another stream".formatted(
                    spec.roleName(), spec.policyName());
        }
        StringBuilder summary = new StringBuilder();
        OwnedRole ownedRole = new OwnedRole(iam, spec.roleName(), roleBoundaryArn, owner);
        Optional<IamGateway.Role> role = Optional.empty();
        if (spec.roleName() != null) {
            progress.enter("read role " + spec.roleName());
            role = ownedRole.owned();
        }
        if (role.isPresent()) {
            ownedRole.makeChangeable(role.get(), progress);
            if (policyArn != null) {
                progress.enter("detach policy %s from role %s".formatted(spec.policyName(), spec.roleName()));
                iam.detach(spec.roleName(), policyArn);
            }
            progress.enter("delete role " + spec.roleName());
            ownedRole.deleteHeld(progress);
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

    private void attach(AccessSpec spec, String policyArn, Progress progress, Journal journal) {
        progress.enter("read policies attached to role " + spec.roleName());
        if (iam.attachedPolicyArns(spec.roleName()).contains(policyArn)) {
            return;
        }
        progress.enter("attach policy %s to role %s".formatted(spec.policyName(), spec.roleName()));
        // A role deleted meanwhile by someone else holds no attachment: nothing to undo, and IAM would refuse.
        journal.creating("attachment of " + spec.policyName(), () -> {
            if (iam.role(spec.roleName()).isEmpty() || !iam.attachedPolicyArns(spec.roleName()).contains(policyArn)) {
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

    /** After a rename, the old role and policy go once the new ones are in place. */
    private void retireRenamed(AccessSpec spec, PreviousProperties previous, Ownership owner, Progress progress) {
        String oldPolicyArn = placement.policyArn(previous.policyName());
        if (!previous.policyName().equals(spec.policyName())) {
            progress.enter("detach old policy %s from role %s".formatted(previous.policyName(), spec.roleName()));
            iam.detach(spec.roleName(), oldPolicyArn);
        }
        if (!previous.roleName().equals(spec.roleName())) {
            progress.enter("read old role " + previous.roleName());
            OwnedRole oldRole = new OwnedRole(iam, previous.roleName(), roleBoundaryArn, owner);
            Optional<IamGateway.Role> existing = oldRole.owned();
            if (existing.isPresent()) {
                oldRole.makeChangeable(existing.get(), progress);
                progress.enter("delete old role " + previous.roleName());
                iam.detach(previous.roleName(), oldPolicyArn);
                oldRole.deleteHeld(progress);
            }
        }
        if (!previous.policyName().equals(spec.policyName())) {
            progress.enter("read old policy " + previous.policyName());
            if (new OwnedPolicy(iam, previous.policyName(), oldPolicyArn, owner).owned().isPresent()) {
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
            replaced |= new OwnedRole(iam, roleName, roleBoundaryArn, owner).replacedPrincipal()
                    .filter(requested::equals).isPresent();
        }
        if (!replaced) {
            throw new ProvisioningException(progress.step(), ("Refused: MeterServiceRoleArn %s is not the deployment's"
                    + " (%s, which the template sets in the function's configuration), nor the one its last change"
                    + " replaced: a request alone cannot change whom the role trusts").formatted(requested,
                    deployedPrincipal), null);
        }
    }
}
