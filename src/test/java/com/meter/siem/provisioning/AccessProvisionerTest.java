package com.meter.siem.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.meter.siem.integration.ExternalId;
import com.meter.siem.integration.ExternalIdRotation;
import com.meter.siem.integration.Placement;
import com.meter.siem.integration.PolicyDocuments;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each branch of the role, the write policy and their attachment over an in-memory IAM, in milliseconds. */
class AccessProvisionerTest {
    private static final String STACK_ID = "arn:aws:cloudformation:us-east-1:123456789012:stack/stack/1";
    private static final Ownership OWNER = new Ownership(STACK_ID, "MeterSiemIntegration");
    private static final Placement PLACEMENT = Placement.fromStackId(STACK_ID);
    private static final String BOUNDARY = "arn:aws:iam::123456789012:policy/meter-siem-boundary/MeterRoleBoundary";
    private static final String METER = "arn:aws:iam::458553032353:role/Meter-data-export";
    private static final String OTHER_METER = "arn:aws:iam::458553032353:role/Meter-data-export-eu";
    private static final String PROVISIONER = "arn:aws:iam::123456789012:role/stack-ProvisionerRole-AbC";
    private static final String STREAM_ARN = "arn:aws:kinesis:us-east-1:123456789012:stream/siem";
    private static final String SECRET = "stack/meter-siem/external-id";
    private static final String SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:" + SECRET
            + "-AbCdEf";
    private static final String ROLE = "MeterSIEMIntegrationRole";
    private static final String ROLE_ARN = "arn:aws:iam::123456789012:role/meter-siem/" + ROLE;
    private static final String POLICY = "MeterSIEMKinesisWritePolicy";
    private static final String POLICY_ARN = "arn:aws:iam::123456789012:policy/meter-siem/" + POLICY;
    private static final String WRITE_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":[\"kinesis:PutRecord\",\"kinesis:PutRecords\"],\"Resource\":\"" + STREAM_ARN + "\"}]}";
    private static final ExternalId STALE_ID = ExternalId.of("stale-" + "a".repeat(40));

    private final InMemoryIam iam = new InMemoryIam(BOUNDARY);
    private final InMemorySecrets secrets = new InMemorySecrets();
    private final AccessProvisioner access = provisioner(METER);
    private final Progress progress = new Progress();
    private final Journal journal = new Journal();

    @Test
    void ensure_whenNothingExists_createsThePolicyAndTheCappedRoleAndAttachesThem() {
        AccessProvisioner.Result result = ensure(spec(METER, ROLE, POLICY, Map.of("team", "sec")), null, Set.of());

        assertEquals(new AccessProvisioner.Result(ROLE_ARN, ROLE, POLICY_ARN, SECRET_ARN), result);
        assertEquals(List.of("CreatePolicy " + POLICY, "CreateRole " + ROLE, "AttachRolePolicy " + ROLE),
                iam.writes());
        IamGateway.Role role = iam.role(ROLE).orElseThrow();
        assertEquals(trustPolicy(METER, currentId()), role.trustPolicy());
        assertEquals(BOUNDARY, role.permissionsBoundaryArn());
        assertEquals(owned(Map.of("team", "sec")), role.tags());
        assertEquals(new IamGateway.Policy(POLICY_ARN, WRITE_POLICY, owned(Map.of("team", "sec"))),
                iam.policy(POLICY_ARN).orElseThrow());
        assertEquals(List.of(POLICY_ARN), iam.attachedPolicyArns(ROLE));
        assertEquals("attach policy " + POLICY + " to role " + ROLE, progress.step());
    }

    @Test
    void ensure_whenACustomerKeyEncryptsTheStream_grantsItsUseThroughKinesis() {
        String key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

        access.ensure(spec(METER, ROLE, POLICY, Map.of()), null, STREAM_ARN, key, Set.of(), OWNER, progress,
                journal);

        assertEquals(WRITE_POLICY.replace("}]}", "},{\"Effect\":\"Allow\",\"Action\":[\"kms:GenerateDataKey\","
                + "\"kms:Decrypt\"],\"Resource\":\"" + key + "\",\"Condition\":{\"StringEquals\":{\"kms:ViaService\":"
                + "\"kinesis.us-east-1.amazonaws.com\"}}}]}"), iam.policy(POLICY_ARN).orElseThrow().document());
    }

    @Test
    void ensure_whenEverythingMatches_changesNothing() {
        ensure(spec(METER, ROLE, POLICY, Map.of("team", "sec")), null, Set.of());
        iam.clearWrites();

        ensure(spec(METER, ROLE, POLICY, Map.of("team", "sec")), previous(ROLE, POLICY), Set.of());

        assertEquals(List.of(), iam.writes());
        assertEquals("read policies attached to role " + ROLE, progress.step());
    }

    @Test
    void ensure_whenTrustDocumentAndTagsDrifted_convergesEachAndRemovesRetiredTags() {
        ensure(spec(METER, ROLE, POLICY, Map.of("team", "sec", "cost", "1")), null, Set.of());
        driftTrustDocumentAndTags();

        AccessProvisioner.Result result = ensure(spec(METER, ROLE, POLICY, Map.of("team", "siem")),
                previous(ROLE, POLICY), Set.of("cost", "gone"));

        assertEquals(new AccessProvisioner.Result(ROLE_ARN, ROLE, POLICY_ARN, SECRET_ARN), result);

        assertEquals(List.of("CreatePolicyVersion " + POLICY_ARN, "TagPolicy " + POLICY_ARN,
                "UntagPolicy " + POLICY_ARN, "UpdateAssumeRolePolicy " + ROLE, "TagRole " + ROLE, "UntagRole " + ROLE),
                iam.writes());
        IamGateway.Role role = iam.role(ROLE).orElseThrow();
        assertEquals(trustPolicy(METER, currentId()), role.trustPolicy());
        assertEquals(owned(Map.of("team", "siem")), role.tags());
        assertEquals(new IamGateway.Policy(POLICY_ARN, WRITE_POLICY, owned(Map.of("team", "siem"))),
                iam.policy(POLICY_ARN).orElseThrow());
        assertEquals(List.of("v1", "v2", "v3"), iam.versionIds(POLICY_ARN));
    }

    @ParameterizedTest(name = "{0} fails: step {1}")
    @CsvSource(delimiter = '|', value = {
            "CreatePolicyVersion | update policy " + POLICY,
            "TagPolicy | tag policy " + POLICY,
            "UntagPolicy | remove policy tags [cost]",
            "UpdateAssumeRolePolicy | update trust policy of role " + ROLE,
            "TagRole | tag role " + ROLE,
            "UntagRole | remove role tags [cost]",
            "ListAttachedRolePolicies | read policies attached to role " + ROLE})
    void ensure_whenAConvergingCallFails_failsAtItsStep(String operation, String step) {
        ensure(spec(METER, ROLE, POLICY, Map.of("team", "sec", "cost", "1")), null, Set.of());
        driftTrustDocumentAndTags();
        iam.failOn(operation);

        InMemoryIam.IamError failure = assertThrows(InMemoryIam.IamError.class,
                () -> ensure(spec(METER, ROLE, POLICY, Map.of("team", "siem")), previous(ROLE, POLICY), Set.of("cost")));

        assertEquals("ServiceFailure: " + operation + " failed", failure.getMessage());
        assertEquals(step, progress.step());
    }

    @ParameterizedTest(name = "{0} fails: step {1}")
    @CsvSource(delimiter = '|', value = {
            "GetPolicy | read policy " + POLICY,
            "CreatePolicy | create policy " + POLICY,
            "GetRole | read role " + ROLE,
            "CreateRole | create role " + ROLE,
            "AttachRolePolicy | attach policy " + POLICY + " to role " + ROLE})
    void ensure_whenACreatingCallFails_failsAtItsStepAndTheJournalRemovesWhatWasMade(String operation, String step) {
        iam.failOn(operation);

        assertThrows(InMemoryIam.IamError.class, () -> ensure(spec(METER, ROLE, POLICY, Map.of()), null, Set.of()));

        assertEquals(step, progress.step());
        journal.rollback();
        assertFalse(iam.hasRole(ROLE));
        assertFalse(iam.hasPolicy(POLICY_ARN));
        assertTrue(secrets.describe(SECRET).isEmpty());
    }

    @Test
    void ensure_whenThePolicyIsNotOurs_refusesNamingIt() {
        iam.putPolicy(POLICY_ARN, WRITE_POLICY, Map.of());

        ProvisioningException refused = assertThrows(ProvisioningException.class,
                () -> ensure(spec(METER, ROLE, POLICY, Map.of()), null, Set.of()));

        assertEquals("IAM policy " + POLICY_ARN + " already exists and was not created by this stack; delete it or set"
                + " IamPolicyName to another name", refused.getMessage());
        assertEquals("read policy " + POLICY, refused.step());
        assertEquals(List.of(), iam.writes());
    }

    @Test
    void ensure_whenTheRoleIsNotOurs_refusesAndTheJournalRemovesOnlyWhatThisRunMade() {
        iam.putRole(ROLE, trustPolicy(METER, STALE_ID), BOUNDARY, Map.of());

        ProvisioningException refused = assertThrows(ProvisioningException.class,
                () -> ensure(spec(METER, ROLE, POLICY, Map.of()), null, Set.of()));

        assertEquals("IAM role " + ROLE + " already exists and was not created by this stack (made by hand?); delete"
                + " it or set IamRoleName to another name", refused.getMessage());
        assertEquals("read role " + ROLE, refused.step());
        assertEquals("Removed what this attempt created: policy " + POLICY + ", secret " + SECRET + ".",
                journal.rollback());
        assertTrue(iam.hasRole(ROLE));
        assertFalse(iam.hasPolicy(POLICY_ARN));
    }

    @Test
    void ensure_whenCreatedThenRolledBack_removesAttachmentRoleAndPolicyNewestFirst() {
        createAll();

        assertEquals("Removed what this attempt created: attachment of " + POLICY + ", role " + ROLE + ", policy "
                + POLICY + ", secret " + SECRET + ".", journal.rollback());
        assertEquals(List.of("DetachRolePolicy " + ROLE, "DeleteRole " + ROLE, "DeletePolicy " + POLICY_ARN),
                iam.writes());
        assertEquals("", journal.rollback(), "each undo runs once");
    }

    @Test
    void ensure_whenRolledBackAfterOthersReplacedRoleAndPolicy_leavesWhatIsNotOurs() {
        ensure(spec(METER, ROLE, POLICY, Map.of()), null, Set.of());
        iam.putRole(ROLE, trustPolicy(METER, STALE_ID), BOUNDARY, Map.of());
        iam.putPolicy(POLICY_ARN, WRITE_POLICY, Map.of());

        assertEquals("Removed what this attempt created: secret " + SECRET + ".", journal.rollback());
        assertTrue(iam.hasRole(ROLE));
        assertTrue(iam.hasPolicy(POLICY_ARN));
    }

    @Test
    void ensure_whenRolledBackAfterOthersDetachedThePolicy_saysOnlyWhatItRemoved() {
        ensure(spec(METER, ROLE, POLICY, Map.of()), null, Set.of());
        iam.detach(ROLE, POLICY_ARN);

        assertEquals("Removed what this attempt created: role " + ROLE + ", policy " + POLICY + ", secret " + SECRET
                + ".", journal.rollback());
    }

    /** IAM answers NoSuchEntity for the attachments of a role that is gone: that is nothing left, not a failure. */
    @Test
    void ensure_whenRolledBackAfterOthersDeletedTheRole_removesTheRestAndLeavesNothingUnremoved() {
        ensure(spec(METER, ROLE, POLICY, Map.of()), null, Set.of());
        iam.detach(ROLE, POLICY_ARN);
        iam.deleteRole(ROLE);

        assertEquals("Removed what this attempt created: policy " + POLICY + ", secret " + SECRET + ".",
                journal.rollback());
        assertFalse(iam.hasPolicy(POLICY_ARN));
    }

    /** A role made before the boundary existed: the provisioner's policy lets it attach nothing until capped. */
    @Test
    void ensure_whenTheRoleHasNoBoundary_capsItBeforeAnyOtherChange() {
        iam.putRole(ROLE, trustPolicy(METER, STALE_ID), "", OWNER.ownerTags());

        ensure(spec(METER, ROLE, POLICY, Map.of()), null, Set.of());

        assertEquals(List.of("CreatePolicy " + POLICY, "PutRolePermissionsBoundary " + ROLE,
                "UpdateAssumeRolePolicy " + ROLE, "AttachRolePolicy " + ROLE), iam.writes());
        assertEquals(BOUNDARY, iam.role(ROLE).orElseThrow().permissionsBoundaryArn());
        assertEquals(List.of(POLICY_ARN), iam.attachedPolicyArns(ROLE));
    }

    @Test
    void ensure_whenCappingTheRoleFails_failsAtThatStep() {
        iam.putRole(ROLE, trustPolicy(METER, STALE_ID), "arn:aws:iam::123456789012:policy/other", OWNER.ownerTags());
        iam.failOn("PutRolePermissionsBoundary");

        assertThrows(InMemoryIam.IamError.class, () -> ensure(spec(METER, ROLE, POLICY, Map.of()), null, Set.of()));

        assertEquals("set the permissions boundary of role " + ROLE, progress.step());
    }

    @Test
    void ensure_whenIamDoesNotKnowTheNewRoleYet_failsAskingToDeployAgain() {
        iam.attachNotYetPropagated();

        ProvisioningException failure = assertThrows(ProvisioningException.class,
                () -> ensure(spec(METER, ROLE, POLICY, Map.of()), null, Set.of()));

        assertEquals("IAM still did not know policy " + POLICY + " or role " + ROLE + " after 2 attempts over 1 s. IAM"
                + " takes a moment to propagate what was just created: deploy again.", failure.getMessage());
        assertEquals("attach policy " + POLICY + " to role " + ROLE, failure.step());
        assertEquals("NoSuchEntity", ((InMemoryIam.IamError) failure.getCause()).code());
    }

    @Test
    void ensure_whenARequestNamesAnotherPrincipal_refusesBeforeAnyChange() {
        createAll();
        int secretWrites = secrets.writes().size();

        ProvisioningException refused = assertThrows(ProvisioningException.class,
                () -> ensure(spec(OTHER_METER, ROLE, POLICY, Map.of()), previous(ROLE, POLICY), Set.of()));

        assertEquals("Refused: MeterServiceRoleArn " + OTHER_METER + " is not the deployment's (" + METER + ", which the"
                + " template sets in the function's configuration), nor the one its last change replaced: a request"
                + " alone cannot change whom the role trusts", refused.getMessage());
        assertEquals("read role " + ROLE, refused.step());
        assertEquals(List.of(), iam.writes());
        assertEquals(secretWrites, secrets.writes().size());
    }

    @Test
    void ensure_whenOnlyARoleThatIsNotOursRecordsThePrincipal_refuses() {
        iam.putRole(ROLE, trustPolicy(METER, STALE_ID), BOUNDARY,
                Map.of(OwnedRole.REPLACED_PRINCIPAL_TAG, OTHER_METER));

        ProvisioningException refused = assertThrows(ProvisioningException.class,
                () -> ensure(spec(OTHER_METER, ROLE, POLICY, Map.of()), null, Set.of()));

        assertTrue(refused.getMessage().startsWith("Refused: MeterServiceRoleArn " + OTHER_METER), refused.getMessage());
    }

    @Test
    void ensure_whenTheDeploymentChangesThePrincipal_recordsTheOneItReplacedAndAcceptsItsRollback() {
        ensure(spec(METER, ROLE, POLICY, Map.of()), null, Set.of());
        AccessProvisioner changed = provisioner(OTHER_METER);
        iam.clearWrites();

        changed.ensure(spec(OTHER_METER, ROLE, POLICY, Map.of()), previous(ROLE, POLICY), STREAM_ARN, "", Set.of(),
                OWNER, progress, journal);

        assertEquals(List.of("TagRole " + ROLE, "UpdateAssumeRolePolicy " + ROLE), iam.writes());
        assertEquals(METER, iam.role(ROLE).orElseThrow().tags().get(OwnedRole.REPLACED_PRINCIPAL_TAG));
        assertEquals(OTHER_METER, PolicyDocuments.trustedPrincipal(iam.role(ROLE).orElseThrow().trustPolicy()));

        // CloudFormation rolls the custom resource back before the function's configuration.
        changed.ensure(spec(METER, ROLE, POLICY, Map.of()), previous(ROLE, POLICY), STREAM_ARN, "", Set.of(), OWNER,
                progress, journal);

        IamGateway.Role role = iam.role(ROLE).orElseThrow();
        assertEquals(trustPolicy(METER, currentId()), role.trustPolicy());
        assertEquals(OTHER_METER, role.tags().get(OwnedRole.REPLACED_PRINCIPAL_TAG));
    }

    @Test
    void ensure_whenTheRoleIsRenamed_createsTheNewOneAndRetiresTheOld() {
        createAll();

        AccessProvisioner.Result result = ensure(spec(METER, "Renamed", POLICY, Map.of()), previous(ROLE, POLICY),
                Set.of());

        assertEquals(InMemoryIam.roleArnOf("Renamed"), result.roleArn());
        assertEquals(List.of("CreateRole Renamed", "AttachRolePolicy Renamed", "DetachRolePolicy " + ROLE,
                "DeleteRole " + ROLE), iam.writes());
        assertFalse(iam.hasRole(ROLE));
        assertEquals(owned(Map.of()), iam.role("Renamed").orElseThrow().tags());
        assertEquals(List.of(POLICY_ARN), iam.attachedPolicyArns("Renamed"));
        assertEquals("delete old role " + ROLE, progress.step());
    }

    @Test
    void ensure_whenARenameIsRolledBack_acceptsThePrincipalTheRenamedRoleRecorded() {
        ensure(spec(METER, ROLE, POLICY, Map.of()), null, Set.of());
        AccessProvisioner changed = provisioner(OTHER_METER);
        changed.ensure(spec(OTHER_METER, "Renamed", POLICY, Map.of()), previous(ROLE, POLICY), STREAM_ARN, "",
                Set.of(), OWNER, progress, journal);
        assertEquals(METER, iam.role("Renamed").orElseThrow().tags().get(OwnedRole.REPLACED_PRINCIPAL_TAG));

        changed.ensure(spec(METER, ROLE, POLICY, Map.of()), previous("Renamed", POLICY), STREAM_ARN, "", Set.of(),
                OWNER, progress, journal);

        IamGateway.Role role = iam.role(ROLE).orElseThrow();
        assertEquals(trustPolicy(METER, currentId()), role.trustPolicy());
        assertEquals(OTHER_METER, role.tags().get(OwnedRole.REPLACED_PRINCIPAL_TAG));
        assertFalse(iam.hasRole("Renamed"));
    }

    @Test
    void ensure_whenTheOldRoleHasNoBoundary_capsItBeforeDetachingAndDeleting() {
        iam.putRole(ROLE, trustPolicy(METER, STALE_ID), "", OWNER.ownerTags());
        iam.putPolicy(POLICY_ARN, WRITE_POLICY, OWNER.ownerTags());
        iam.attachByHand(ROLE, POLICY_ARN);

        ensure(spec(METER, "Renamed", POLICY, Map.of()), previous(ROLE, POLICY), Set.of());

        assertEquals(List.of("CreateRole Renamed", "AttachRolePolicy Renamed", "PutRolePermissionsBoundary " + ROLE,
                "DetachRolePolicy " + ROLE, "DeleteRole " + ROLE), iam.writes());
        assertFalse(iam.hasRole(ROLE));
    }

    @Test
    void ensure_whenTheOldRoleIsNotOurs_leavesItAndRecordsNoPrincipalOfIt() {
        iam.putRole(ROLE, trustPolicy(OTHER_METER, STALE_ID), BOUNDARY, Map.of());

        ensure(spec(METER, "Renamed", POLICY, Map.of()), previous(ROLE, POLICY), Set.of());

        assertTrue(iam.hasRole(ROLE));
        assertEquals(owned(Map.of()), iam.role("Renamed").orElseThrow().tags());
        assertEquals("read old role " + ROLE, progress.step());
    }

    @Test
    void ensure_whenThePolicyIsRenamed_attachesTheNewOneThenDetachesAndDeletesTheOld() {
        createAll();
        String renamedArn = PLACEMENT.policyArn("Renamed");

        AccessProvisioner.Result result = ensure(spec(METER, ROLE, "Renamed", Map.of()), previous(ROLE, POLICY),
                Set.of());

        assertEquals(renamedArn, result.policyArn());
        assertEquals(List.of("CreatePolicy Renamed", "AttachRolePolicy " + ROLE, "DetachRolePolicy " + ROLE,
                "DeletePolicy " + POLICY_ARN), iam.writes());
        assertEquals(List.of(renamedArn), iam.attachedPolicyArns(ROLE));
        assertFalse(iam.hasPolicy(POLICY_ARN));
        assertEquals("delete old policy " + POLICY, progress.step());
    }

    @Test
    void ensure_whenTheOldPolicyIsNotOurs_detachesButKeepsIt() {
        iam.putRole(ROLE, trustPolicy(METER, STALE_ID), BOUNDARY, OWNER.ownerTags());
        iam.putPolicy(POLICY_ARN, WRITE_POLICY, Map.of());
        iam.attachByHand(ROLE, POLICY_ARN);

        ensure(spec(METER, ROLE, "Renamed", Map.of()), previous(ROLE, POLICY), Set.of());

        assertEquals(List.of(PLACEMENT.policyArn("Renamed")), iam.attachedPolicyArns(ROLE));
        assertTrue(iam.hasPolicy(POLICY_ARN));
        assertEquals("read old policy " + POLICY, progress.step());
    }

    @Test
    void ensure_whenRecordingTheReplacedPrincipalFails_failsAtThatStep() {
        createAll();
        iam.failOn("TagRole");

        assertThrows(InMemoryIam.IamError.class, () -> provisioner(OTHER_METER).ensure(spec(OTHER_METER, ROLE, POLICY,
                Map.of()), previous(ROLE, POLICY), STREAM_ARN, "", Set.of(), OWNER, progress, journal));

        assertEquals("record on role " + ROLE + " the principal it trusted", progress.step());
    }

    @Test
    void ensure_whenDetachingTheRenamedPolicyFails_failsAtThatStep() {
        createAll();
        iam.failOn("DetachRolePolicy");

        assertThrows(InMemoryIam.IamError.class,
                () -> ensure(spec(METER, ROLE, "Renamed", Map.of()), previous(ROLE, POLICY), Set.of()));

        assertEquals("detach old policy " + POLICY + " from role " + ROLE, progress.step());
    }

    @ParameterizedTest(name = "{0} fails: step {1}")
    @CsvSource(delimiter = '|', value = {
            "GetPolicy | read policy " + POLICY,
            "GetRole | read role " + ROLE,
            "DetachRolePolicy | detach policy " + POLICY + " from role " + ROLE,
            "DeletePolicy | delete policy " + POLICY})
    void delete_whenACallFails_failsAtItsStep(String operation, String step) {
        createAll();
        iam.failOn(operation);

        assertThrows(InMemoryIam.IamError.class, () -> delete(STREAM_ARN));

        assertEquals(step, progress.step());
    }

    @Test
    void delete_whenOursAndServingTheStream_removesRolePolicyAndSecret() {
        createAll();

        assertEquals("role " + ROLE + " deleted, policy " + POLICY + " deleted, external ID secret scheduled for"
                + " deletion (restorable for a week)", delete(STREAM_ARN));

        assertEquals(List.of("DetachRolePolicy " + ROLE, "DeleteRole " + ROLE, "DeletePolicy " + POLICY_ARN),
                iam.writes());
        assertTrue(secrets.scheduled(SECRET));
        assertEquals("schedule the deletion of secret " + SECRET, progress.step());
    }

    @Test
    void delete_whenThePolicyNowServesAnotherStream_keepsEverything() {
        createAll();

        assertEquals("role " + ROLE + " and policy " + POLICY + " kept: they now serve another stream",
                delete("arn:aws:kinesis:us-east-1:123456789012:stream/old"));

        assertEquals(List.of(), iam.writes());
        assertFalse(secrets.scheduled(SECRET));
    }

    @Test
    void delete_whenNothingIsOurs_keepsEverything() {
        iam.putRole(ROLE, trustPolicy(METER, STALE_ID), BOUNDARY, Map.of());
        iam.putPolicy(POLICY_ARN, WRITE_POLICY, Map.of());
        iam.attachByHand(ROLE, POLICY_ARN);

        assertEquals("role " + ROLE + " not ours or gone", delete(STREAM_ARN));

        assertEquals(List.of(), iam.writes());
        assertEquals("describe secret " + SECRET, progress.step());
    }

    @Test
    void delete_whenTheRoleIsGone_deletesThePolicyAndSecret() {
        ensure(spec(METER, ROLE, POLICY, Map.of()), null, Set.of());
        iam.detach(ROLE, POLICY_ARN);
        iam.deleteRole(ROLE);
        iam.clearWrites();

        assertEquals("role " + ROLE + " not ours or gone, policy " + POLICY + " deleted, external ID secret scheduled"
                + " for deletion (restorable for a week)", delete(STREAM_ARN));
        assertEquals(List.of("DeletePolicy " + POLICY_ARN), iam.writes());
    }

    @Test
    void delete_whenTheRoleHasNoBoundary_capsItBeforeDetaching() {
        ensure(spec(METER, ROLE, POLICY, Map.of()), null, Set.of());
        iam.putRole(ROLE, trustPolicy(METER, currentId()), "", OWNER.ownerTags());
        iam.attachByHand(ROLE, POLICY_ARN);
        iam.clearWrites();

        delete(STREAM_ARN);

        assertEquals(List.of("PutRolePermissionsBoundary " + ROLE, "DetachRolePolicy " + ROLE, "DeleteRole " + ROLE,
                "DeletePolicy " + POLICY_ARN), iam.writes());
    }

    @Test
    void delete_whenSomethingElseHoldsTheRole_failsNamingWhatHoldsIt() {
        ensure(spec(METER, ROLE, POLICY, Map.of()), null, Set.of());
        iam.attachByHand(ROLE, "arn:aws:iam::aws:policy/ReadOnlyAccess");
        iam.putInlinePolicy(ROLE, "extra");
        iam.putInlinePolicy(ROLE, "more");
        iam.addToInstanceProfile(ROLE, "ec2");

        ProvisioningException failure = assertThrows(ProvisioningException.class, () -> delete(STREAM_ARN));

        assertEquals("IAM role " + ROLE + " is still used by what this stack did not add: attached policies"
                + " arn:aws:iam::aws:policy/ReadOnlyAccess, inline policies extra, more, instance profiles ec2. Detach"
                + " or remove them if nothing else needs them, then retry.", failure.getMessage());
        assertEquals("delete role " + ROLE, failure.step());
        assertEquals("DeleteConflict", ((InMemoryIam.IamError) failure.getCause()).code());
        assertTrue(iam.hasPolicy(POLICY_ARN));
    }

    @Test
    void delete_whenOnlyAnInstanceProfileHoldsTheRole_saysNoneForTheRest() {
        ensure(spec(METER, ROLE, POLICY, Map.of()), null, Set.of());
        iam.addToInstanceProfile(ROLE, "ec2");

        ProvisioningException failure = assertThrows(ProvisioningException.class, () -> delete(STREAM_ARN));

        assertTrue(failure.getMessage().contains(" used by what this stack did not add: attached policies none,"
                + " inline policies none, instance profiles ec2. "), failure.getMessage());
    }

    @Test
    void delete_whenThePropertiesNameNothing_callsNothing() {
        assertEquals("role null not ours or gone",
                access.delete(new DeleteSpec("siem", true, null, null, null), STREAM_ARN, OWNER, progress));

        assertEquals("validate properties", progress.step());
    }

    /** Creates the role, policy and secret, and forgets the calls that did. */
    private void createAll() {
        ensure(spec(METER, ROLE, POLICY, Map.of()), null, Set.of());
        iam.clearWrites();
    }

    private void driftTrustDocumentAndTags() {
        iam.setTrustPolicyByHand(ROLE, trustPolicy(METER, STALE_ID));
        iam.setDocumentByHand(POLICY_ARN, WRITE_POLICY.replace("kinesis:PutRecords", "kinesis:*"));
        iam.clearWrites();
    }

    private AccessProvisioner provisioner(String deployedPrincipal) {
        return new AccessProvisioner(iam, new ExternalIdProvisioner(secrets, PROVISIONER), PLACEMENT,
                new Deployment(BOUNDARY, deployedPrincipal, PROVISIONER));
    }

    private AccessProvisioner.Result ensure(AccessSpec spec, PreviousProperties previous, Set<String> retired) {
        return access.ensure(spec, previous, STREAM_ARN, "", retired, OWNER, progress, journal);
    }

    private String delete(String streamArn) {
        return access.delete(new DeleteSpec("siem", true, ROLE, POLICY, SECRET), streamArn, OWNER, progress);
    }

    private ExternalId currentId() {
        return secrets.read(SECRET_ARN, SecretGateway.CURRENT).orElseThrow().value();
    }

    private static String trustPolicy(String principal, ExternalId id) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + principal
                + "\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\""
                + id.reveal() + "\"}}}]}";
    }

    private static Map<String, String> owned(Map<String, String> tags) {
        Map<String, String> all = new HashMap<>(tags);
        all.putAll(OWNER.ownerTags());
        return all;
    }

    private static AccessSpec spec(String principal, String roleName, String policyName, Map<String, String> tags) {
        return new AccessSpec(principal, new ExternalIdSpec(SECRET, "", null, 1, ExternalIdRotation.FINISHED),
                roleName, policyName, tags);
    }

    private static PreviousProperties previous(String roleName, String policyName) {
        return new PreviousProperties("siem", 1, roleName, policyName, 1, ExternalIdRotation.FINISHED, Set.of());
    }
}
