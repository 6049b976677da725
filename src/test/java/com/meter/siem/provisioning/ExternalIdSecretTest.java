package com.meter.siem.provisioning;

import static com.meter.siem.integration.ExternalIdRotation.FINISHED;
import static com.meter.siem.integration.ExternalIdRotation.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.meter.siem.integration.ExternalId;
import com.meter.siem.integration.ExternalIdRotation;
import com.meter.siem.integration.PolicyDocuments;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The external ID's secret found scheduled, left by an earlier stack, drifted or failing, over Secrets Manager in memory. */
class ExternalIdSecretTest {
    private static final String NAME = "stack/meter-siem/external-id";
    private static final String ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:" + NAME + "-AbCdEf";
    private static final String PROVISIONER = "arn:aws:iam::123456789012:role/stack-ProvisionerRole-AbC";
    private static final Ownership OWNER = new Ownership(
            "arn:aws:cloudformation:us-east-1:123456789012:stack/stack/2", "MeterSiemIntegration");
    private static final Map<String, String> EARLIER_STACK = Map.of(Ownership.STACK_TAG,
            "arn:aws:cloudformation:us-east-1:123456789012:stack/stack/1", Ownership.LOGICAL_ID_TAG,
            "MeterSiemIntegration");
    private static final ExternalId KEPT = ExternalId.of("kept-" + "k".repeat(40));
    private static final ExternalId LEGACY = ExternalId.of("legacy-" + "l".repeat(40));

    private final InMemorySecrets secrets = new InMemorySecrets();
    private final ExternalIdProvisioner provisioner = new ExternalIdProvisioner(secrets, PROVISIONER);
    private final Progress progress = new Progress();
    private final Journal journal = new Journal();

    @Test
    void ensure_whenNew_handsTheGeneratedIdToTheMaskAndJournalsTheSecret() {
        List<ExternalId> ids = ensure(spec(1, FINISHED, null), null).ids();

        assertEquals(Set.of(ids.getFirst().reveal()), progress.handledIds());
        assertEquals("read the external ID from secret " + NAME, progress.step());
        assertEquals("Removed what this attempt created: secret " + NAME + ".", journal.rollback());
        assertTrue(secrets.describe(NAME).isEmpty());
    }

    @Test
    void ensure_whenTheSecretIsNotOursAtRollback_leavesIt() {
        ensure(spec(1, FINISHED, null), null);
        secrets.deleteNow(ARN);
        secrets.userSecret(NAME, KEPT);

        assertEquals("", journal.rollback());
        assertTrue(secrets.describe(NAME).isPresent());
    }

    @Test
    void ensure_whenOurSecretWasScheduledForDeletion_restoresItWithItsId() {
        ExternalId first = ensure(spec(1, FINISHED, null), null).ids().getFirst();
        provisioner.delete(NAME, OWNER, progress);
        int before = secrets.writes().size();

        assertEquals(List.of(first), ensure(spec(1, FINISHED, null), previous(1)).ids());

        assertEquals(List.of("RestoreSecret"), secrets.writes().subList(before, secrets.writes().size()));
        assertFalse(secrets.scheduled(NAME));
    }

    @Test
    void ensure_whenAnEarlierStackOfThisNameLeftItsSecret_restoresProtectsAndRetagsIt() {
        secrets.scheduledSecret(NAME, KEPT, EARLIER_STACK, false);

        assertEquals(List.of(KEPT), ensure(spec(1, FINISHED, null), null).ids());

        assertEquals(List.of("RestoreSecret", "PutResourcePolicy", "TagResource"), secrets.writes());
        assertEquals(OWNER.ownerTags(), secrets.describe(NAME).orElseThrow().tags());
        assertEquals(PolicyDocuments.externalIdSecretPolicy(PROVISIONER), secrets.policy(ARN).orElseThrow());
    }

    @Test
    void ensure_whenAnEarlierStacksSecretIsNotScheduled_refusesIt() {
        secrets.scheduledSecret(NAME, KEPT, EARLIER_STACK, false);
        secrets.restore(ARN);

        ProvisioningException refused = assertThrows(ProvisioningException.class,
                () -> ensure(spec(1, FINISHED, null), null));

        assertEquals("secret " + NAME + " already exists and was not created by this stack; delete it or deploy under"
                + " another stack name", refused.getMessage());
        assertEquals("describe secret " + NAME, refused.step());
    }

    @Test
    void ensure_whenAnotherSecretOfTheNameIsScheduled_failsOnceSecretsManagerStillRefusesTheName() {
        secrets.scheduledSecret(NAME, KEPT, Map.of("owner", "someone"), false);

        ProvisioningException failure = assertThrows(ProvisioningException.class,
                () -> ensure(spec(1, FINISHED, null), null));

        assertEquals("a secret named " + NAME + " that this stack did not create is scheduled for deletion, and Secrets"
                + " Manager still refused the name after 2 attempts over 1 s. If nothing needs that secret, delete it"
                + " for good (aws secretsmanager delete-secret --secret-id " + NAME + " --force-delete-without-recovery)"
                + " and deploy again, or deploy under another stack name.", failure.getMessage());
        assertEquals("create secret " + NAME, failure.step());
    }

    @Test
    void ensure_whenAnotherSecretOfTheNameWasDeletedForGood_createsOurs() {
        secrets.scheduledSecret(NAME, KEPT, Map.of("owner", "someone"), true);

        List<ExternalId> ids = ensure(spec(1, FINISHED, null), null).ids();

        assertFalse(ids.contains(KEPT));
        assertEquals(List.of("CreateSecret", "PutResourcePolicy"), secrets.writes());
    }

    @Test
    void ensure_whenOurSecretsPolicyDrifted_restoresIt() {
        ensure(spec(1, FINISHED, null), null);
        secrets.putPolicy(ARN, "{\"Version\":\"2012-10-17\",\"Statement\":[]}");
        int before = secrets.writes().size();

        ensure(spec(1, FINISHED, null), previous(1));

        assertEquals(List.of("PutResourcePolicy"), secrets.writes().subList(before, secrets.writes().size()));
        assertEquals(PolicyDocuments.externalIdSecretPolicy(PROVISIONER), secrets.policy(ARN).orElseThrow());
    }

    @Test
    void ensure_whenAnOlderTemplateGivesTheId_storesItAsCurrentOnce() {
        ensure(spec(1, FINISHED, null), null);

        assertEquals(List.of(LEGACY), ensure(spec(1, FINISHED, LEGACY), previous(1)).ids());
        int before = secrets.writes().size();
        assertEquals(List.of(LEGACY), ensure(spec(1, FINISHED, LEGACY), previous(1)).ids());

        assertEquals(before, secrets.writes().size());
        assertTrue(progress.handledIds().contains(LEGACY.reveal()));
    }

    @Test
    void ensure_whenCreatedWithAnOlderTemplatesId_storesThatId() {
        assertEquals(List.of(LEGACY), ensure(spec(1, FINISHED, LEGACY), null).ids());
    }

    @Test
    void ensure_whenAStartIsRetried_makesItsIdCurrentAgainWithoutANewOne() {
        ExternalId first = ensure(spec(1, FINISHED, null), null).ids().getFirst();
        ExternalId second = ensure(spec(2, STARTED, null), previous(1)).ids().getFirst();
        secrets.userPut(ARN, KEPT);

        assertEquals(List.of(second, KEPT), ensure(spec(2, STARTED, null), previous(1)).ids());
        assertEquals(List.of("UpdateSecretVersionStage"), secrets.writes());
        assertEquals(Set.of(first.reveal(), second.reveal(), KEPT.reveal()), progress.handledIds());
    }

    @ParameterizedTest(name = "{0} fails: step {1}")
    @CsvSource(delimiter = '|', value = {
            "DescribeSecret | describe secret " + NAME,
            "GetResourcePolicy | read the resource policy of secret " + NAME,
            "PutResourcePolicy | put the resource policy of secret " + NAME,
            "GetSecretValue | read the external ID from secret " + NAME,
            "PutSecretValue | store a new external ID (version 2) in secret " + NAME})
    void ensure_whenACallFails_failsAtItsStep(String operation, String step) {
        ensure(spec(1, FINISHED, null), null);
        secrets.putPolicy(ARN, "{}");
        secrets.failOn(operation);

        assertThrows(IllegalStateException.class, () -> ensure(spec(2, STARTED, null), previous(1)));

        assertEquals(step, progress.step());
    }

    @ParameterizedTest(name = "{0} fails: step {1}")
    @CsvSource(delimiter = '|', value = {
            "RestoreSecret | restore secret " + NAME + ", which was scheduled for deletion",
            "TagResource | tag secret " + NAME})
    void ensure_whenTakingBackAnEarlierStacksSecretFails_failsAtItsStep(String operation, String step) {
        secrets.scheduledSecret(NAME, KEPT, EARLIER_STACK, false);
        secrets.failOn(operation);

        assertThrows(IllegalStateException.class, () -> ensure(spec(1, FINISHED, null), null));

        assertEquals(step, progress.step());
    }

    @Test
    void ensure_whenCreatingTheSecretFails_hasAlreadyMaskedTheGeneratedId() {
        secrets.failOn("CreateSecret");

        assertThrows(IllegalStateException.class, () -> ensure(spec(1, FINISHED, null), null));

        assertEquals(1, progress.handledIds().size());
        assertEquals("create secret " + NAME, progress.step());
    }

    @Test
    void ensure_whenStoringANewIdFails_hasAlreadyMaskedIt() {
        ensure(spec(1, FINISHED, null), null);
        secrets.failOn("PutSecretValue");

        assertThrows(IllegalStateException.class, () -> ensure(spec(2, STARTED, null), previous(1)));

        assertEquals(2, progress.handledIds().size());
    }

    @Test
    void ensure_whenReadingBeforeStoringAnOlderTemplatesIdFails_hasMaskedItAndFailsAtTheRead() {
        ensure(spec(1, FINISHED, null), null);
        secrets.failOn("GetSecretValue");

        assertThrows(IllegalStateException.class, () -> ensure(spec(1, FINISHED, LEGACY), previous(1)));

        assertTrue(progress.handledIds().contains(LEGACY.reveal()));
        assertEquals("read secret " + NAME, progress.step());
    }

    @Test
    void ensure_whenStoringAnOlderTemplatesIdFails_failsAtThatStep() {
        ensure(spec(1, FINISHED, null), null);
        secrets.failOn("PutSecretValue");

        assertThrows(IllegalStateException.class, () -> ensure(spec(1, FINISHED, LEGACY), previous(1)));

        assertEquals("store the external ID given as ExternalId in secret " + NAME, progress.step());
    }

    @Test
    void ensure_whenMovingTheCurrentLabelFails_failsAtTheStepOfItsDirection() {
        ensure(spec(1, FINISHED, null), null);
        ensure(spec(2, STARTED, null), previous(1));
        secrets.failOn("UpdateSecretVersionStage");

        assertThrows(IllegalStateException.class, () -> ensure(spec(1, FINISHED, null), new PreviousProperties(
                "stream", 1, "role", "policy", 2, STARTED, Set.of())));
        assertEquals("make the external ID Meter had before version 2 current again in secret " + NAME,
                progress.step());

        ensure(spec(1, FINISHED, null), new PreviousProperties("stream", 1, "role", "policy", 2, STARTED, Set.of()));
        secrets.failOn("UpdateSecretVersionStage");
        assertThrows(IllegalStateException.class, () -> ensure(spec(2, STARTED, null), previous(1)));
        assertEquals("make the external ID of version 2 current again in secret " + NAME, progress.step());
    }

    @Test
    void ensure_whenTheUsersSecretCannotBeRead_failsAtReadingIt() {
        String arn = secrets.userSecret("security/meter", KEPT);
        secrets.failOn("GetSecretValue");

        assertThrows(IllegalStateException.class, () -> provisioner.ensure(new ExternalIdSpec(NAME, arn, null, 1,
                FINISHED), null, Map.of(), OWNER, progress, journal));

        assertEquals("read the external ID from secret " + arn + " (ExistingExternalIdSecretArn)", progress.step());
    }

    @Test
    void delete_whenTheSecretIsNotOurs_leavesItAndSaysNothing() {
        secrets.userSecret(NAME, KEPT);

        assertEquals("", provisioner.delete(NAME, OWNER, progress));
        assertFalse(secrets.scheduled(NAME));
    }

    @Test
    void delete_whenSchedulingFails_failsAtThatStep() {
        ensure(spec(1, FINISHED, null), null);
        secrets.failOn("DeleteSecret");

        assertThrows(IllegalStateException.class, () -> provisioner.delete(NAME, OWNER, progress));

        assertEquals("schedule the deletion of secret " + NAME, progress.step());
    }

    private ExternalIdProvisioner.Trusted ensure(ExternalIdSpec spec, PreviousProperties previous) {
        return provisioner.ensure(spec, previous, new HashMap<>(), OWNER, progress, journal);
    }

    private static ExternalIdSpec spec(int version, ExternalIdRotation rotation, ExternalId legacy) {
        return new ExternalIdSpec(NAME, "", legacy, version, rotation);
    }

    private static PreviousProperties previous(int version) {
        return new PreviousProperties("stream", 1, "role", "policy", version, FINISHED, Set.of());
    }
}
