package com.meter.siem.aws;

import com.meter.siem.health.RoleInspector;
import com.meter.siem.integration.Placement;
import com.meter.siem.provisioning.IamGateway;
import com.meter.siem.provisioning.Propagation;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.PolicyVersion;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * {@link IamGateway} and {@link RoleInspector} on the IAM API. Roles and policies are created under
 * {@link Placement#IAM_PATH}.
 */
public final class IamRolesAndPolicies implements IamGateway, RoleInspector {
    /** IAM keeps at most five versions of a managed policy. */
    private static final int MAX_POLICY_VERSIONS = 5;

    private final IamClient iam;
    private final Propagation propagation;

    public IamRolesAndPolicies(IamClient iam) {
        this(iam, Propagation.IAM);
    }

    /** @param propagation how long to wait for a role or policy that IAM does not know yet */
    public IamRolesAndPolicies(IamClient iam, Propagation propagation) {
        this.iam = iam;
        this.propagation = propagation;
    }

    @Override
    public Optional<Role> role(String roleName) {
        try {
            var role = iam.getRole(r -> r.roleName(roleName)).role();
            String boundary = role.permissionsBoundary() == null ? ""
                    : role.permissionsBoundary().permissionsBoundaryArn();
            return Optional.of(new Role(role.arn(), decode(role.assumeRolePolicyDocument()), tags(role.tags()),
                    boundary));
        } catch (NoSuchEntityException e) {
            return Optional.empty();
        }
    }

    @Override
    public String createRole(String roleName, String trustPolicy, String permissionsBoundaryArn, String description,
                             Map<String, String> tags) {
        return iam.createRole(r -> r.roleName(roleName).path(Placement.IAM_PATH).assumeRolePolicyDocument(trustPolicy)
                .permissionsBoundary(permissionsBoundaryArn).description(description).tags(tagList(tags))).role().arn();
    }

    @Override
    public void putPermissionsBoundary(String roleName, String permissionsBoundaryArn) {
        iam.putRolePermissionsBoundary(r -> r.roleName(roleName).permissionsBoundary(permissionsBoundaryArn));
    }

    @Override
    public void updateTrustPolicy(String roleName, String trustPolicy) {
        iam.updateAssumeRolePolicy(r -> r.roleName(roleName).policyDocument(trustPolicy));
    }

    @Override
    public void tagRole(String roleName, Map<String, String> tags) {
        iam.tagRole(r -> r.roleName(roleName).tags(tagList(tags)));
    }

    @Override
    public void untagRole(String roleName, Set<String> keys) {
        iam.untagRole(r -> r.roleName(roleName).tagKeys(keys));
    }

    @Override
    public List<String> attachedPolicyArns(String roleName) {
        return iam.listAttachedRolePoliciesPaginator(r -> r.roleName(roleName)).attachedPolicies().stream()
                .map(AttachedPolicy::policyArn).toList();
    }

    /** Right after CreatePolicy, AttachRolePolicy can answer NoSuchEntity "Policy ... does not exist or is not attachable". */
    @Override
    public void attach(String roleName, String policyArn) {
        propagation.retry(() -> iam.attachRolePolicy(r -> r.roleName(roleName).policyArn(policyArn)),
                NoSuchEntityException.class::isInstance);
    }

    @Override
    public void detach(String roleName, String policyArn) {
        try {
            iam.detachRolePolicy(r -> r.roleName(roleName).policyArn(policyArn));
        } catch (NoSuchEntityException notAttached) {
            // the state we want
        }
    }

    @Override
    public void deleteRole(String roleName) {
        try {
            iam.deleteRole(r -> r.roleName(roleName));
        } catch (NoSuchEntityException alreadyGone) {
            // the state we want
        } catch (DeleteConflictException inUse) {
            throw new RoleInUseException(attachedPolicyArns(roleName), inlinePolicyNames(roleName),
                    iam.listInstanceProfilesForRolePaginator(r -> r.roleName(roleName)).instanceProfiles().stream()
                            .map(InstanceProfile::instanceProfileName).toList(), inUse);
        }
    }

    @Override
    public Optional<Policy> policy(String policyArn) {
        try {
            var policy = iam.getPolicy(r -> r.policyArn(policyArn)).policy();
            String document = iam.getPolicyVersion(r -> r.policyArn(policyArn).versionId(policy.defaultVersionId()))
                    .policyVersion().document();
            return Optional.of(new Policy(policy.arn(), decode(document), tags(policy.tags())));
        } catch (NoSuchEntityException e) {
            return Optional.empty();
        }
    }

    @Override
    public String createPolicy(String policyName, String document, String description, Map<String, String> tags) {
        return iam.createPolicy(r -> r.policyName(policyName).path(Placement.IAM_PATH).policyDocument(document)
                .description(description).tags(tagList(tags))).policy().arn();
    }

    @Override
    public void replaceDocument(String policyArn, String document) {
        List<PolicyVersion> versions = versions(policyArn);
        if (versions.size() >= MAX_POLICY_VERSIONS) {
            versions.stream().filter(v -> !v.isDefaultVersion())
                    .min(Comparator.comparing(PolicyVersion::createDate))
                    .ifPresent(oldest -> iam.deletePolicyVersion(r -> r.policyArn(policyArn).versionId(oldest.versionId())));
        }
        iam.createPolicyVersion(r -> r.policyArn(policyArn).policyDocument(document).setAsDefault(true));
    }

    @Override
    public void tagPolicy(String policyArn, Map<String, String> tags) {
        iam.tagPolicy(r -> r.policyArn(policyArn).tags(tagList(tags)));
    }

    @Override
    public void untagPolicy(String policyArn, Set<String> keys) {
        iam.untagPolicy(r -> r.policyArn(policyArn).tagKeys(keys));
    }

    @Override
    public void deletePolicy(String policyArn) {
        try {
            for (PolicyVersion version : versions(policyArn)) {
                if (!version.isDefaultVersion()) {
                    iam.deletePolicyVersion(r -> r.policyArn(policyArn).versionId(version.versionId()));
                }
            }
            iam.deletePolicy(r -> r.policyArn(policyArn));
        } catch (NoSuchEntityException alreadyGone) {
            // the state we want
        }
    }

    /** The role with its attached and inline policies: the health check's view of it. */
    @Override
    public Optional<RoleView> inspect(String roleName) {
        return role(roleName).map(role -> new RoleView(role.trustPolicy(), attachedPolicyArns(roleName),
                inlinePolicyNames(roleName)));
    }

    private List<String> inlinePolicyNames(String roleName) {
        return iam.listRolePoliciesPaginator(r -> r.roleName(roleName)).policyNames().stream().toList();
    }

    @Override
    public Optional<String> policyDocument(String policyArn) {
        return policy(policyArn).map(Policy::document);
    }

    private List<PolicyVersion> versions(String policyArn) {
        return iam.listPolicyVersionsPaginator(r -> r.policyArn(policyArn)).versions().stream().toList();
    }

    /** IAM returns policy documents URL-encoded. */
    private static String decode(String document) {
        return URLDecoder.decode(document, StandardCharsets.UTF_8);
    }

    private static Map<String, String> tags(List<Tag> tags) {
        return Tags.toMap(tags, Tag::key, Tag::value);
    }

    private static List<Tag> tagList(Map<String, String> tags) {
        return Tags.toList(tags, (key, value) -> Tag.builder().key(key).value(value).build());
    }
}
