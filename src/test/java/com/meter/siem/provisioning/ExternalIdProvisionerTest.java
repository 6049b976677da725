package com.meter.siem.provisioning;

import static com.meter.siem.integration.ExternalIdRotation.FINISHED;
import static com.meter.siem.integration.ExternalIdRotation.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.meter.siem.integration.ExternalId;
import com.meter.siem.integration.ExternalIdRotation;
import com.meter.siem.integration.PolicyDocuments;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each branch of the external ID's secret over an in-memory Secrets Manager, in milliseconds. */
class ExternalIdProvisionerTest {
    private static final String NAME = "stack/meter-siem/external-id";
    private static final String PROVISIONER = "arn:aws:iam::123456789012:role/stack-ProvisionerRole-AbC";
    private static final Ownership OWNER = new Ownership(
            "arn:aws:cloudformation:us-east-1:123456789012:stack/stack/1", "MeterSiemIntegration");

    private final InMemorySecrets secrets = new InMemorySecrets();
    private final ExternalIdProvisioner provisioner = new ExternalIdProvisioner(secrets, PROVISIONER);
    private ExternalId first;

    @BeforeEach
    void create() {
        ExternalIdProvisioner.Trusted created = ensure(spec(1, FINISHED), null);
        first = created.ids().getFirst();
        assertEquals(List.of("CreateSecret", "PutResourcePolicy"), secrets.writes());
        assertEquals(PolicyDocuments.externalIdSecretPolicy(PROVISIONER),
                secrets.policy(created.secretArn()).orElseThrow());
    }

    @Test
    void ensure_whenNothingAboutTheIdChanges_writesNothing() {
        int before = secrets.writes().size();

        assertEquals(List.of(first), ensure(spec(1, FINISHED), previous(1, FINISHED)).ids());
        assertEquals(before, secrets.writes().size());
    }

    @Test
    void ensure_whenARotationStarts_acceptsTheNewIdThenTheOne() {
        List<ExternalId> ids = ensure(spec(2, STARTED), previous(1, FINISHED)).ids();

        assertEquals(2, ids.size());
        assertNotEquals(first, ids.getFirst());
        assertEquals(first, ids.get(1));
    }

    @Test
    void ensure_whenCloudFormationRollsAStartBack_givesBackTheIdMeterHad() {
        ensure(spec(2, STARTED), previous(1, FINISHED));

        assertEquals(List.of(first), ensure(spec(1, FINISHED), previous(2, STARTED)).ids());
    }

    /** Only the rollback of a start goes back; lowering the version after a finished rotation cuts nobody off. */
    @Test
    void ensure_whenTheVersionIsLoweredAfterAFinishedRotation_keepsTheCurrentId() {
        ExternalId second = ensure(spec(2, STARTED), previous(1, FINISHED)).ids()
                .getFirst();
        ensure(spec(2, FINISHED), previous(2, STARTED));

        assertEquals(List.of(second), ensure(spec(1, FINISHED), previous(2, FINISHED)).ids());
    }

    /**
     * Start 2, rolled back; start 3, rolled back: version 2's ID lost its last label, and DescribeSecret no
     * longer lists it, but Secrets Manager still holds it. Starting 2 again makes that ID current.
     */
    @Test
    void ensure_whenAStartIsRedoneAfterItsIdLostItsLastLabel_makesThatIdCurrent() {
        ExternalId second = ensure(spec(2, STARTED), previous(1, FINISHED)).ids()
                .getFirst();
        ensure(spec(1, FINISHED), previous(2, STARTED));
        ensure(spec(3, STARTED), previous(1, FINISHED));
        ensure(spec(1, FINISHED), previous(3, STARTED));

        assertEquals(List.of(second, first), ensure(spec(2, STARTED),
                previous(1, FINISHED)).ids());
    }

    @Test
    void ensure_whenTheUsersSecretIsGiven_acceptsItsCurrentAndDuringARotationItsPreviousAndNeverWrites() {
        ExternalId own = ExternalId.of("own-" + "a".repeat(40));
        ExternalId next = ExternalId.of("next-" + "b".repeat(40));
        String arn = secrets.userSecret("security/meter", own);
        secrets.userPut(arn, next);

        assertEquals(List.of(next), ensure(userSpec(arn, FINISHED), null).ids());
        assertEquals(List.of(next, own), ensure(userSpec(arn, STARTED), null).ids());
        assertEquals(List.of(), secrets.writes());
    }

    @Test
    void ensure_whenTheUsersSecretHoldsNoUsableId_failsWithoutShowingIt() {
        String arn = secrets.userSecret("security/meter", ExternalId.of("too short"));

        ProvisioningException refused = assertThrows(ProvisioningException.class,
                () -> ensure(userSpec(arn, FINISHED), null));
        assertTrue(refused.getMessage().contains("(ExistingExternalIdSecretArn) must hold an external ID"),
                refused.getMessage());
        assertFalse(refused.getMessage().contains("too short"), refused.getMessage());
    }

    @Test
    void delete_whenRepeated_schedulesTheSecretOnceAndSaysSo() {
        assertEquals(", external ID secret scheduled for deletion (restorable for a week)",
                provisioner.delete(NAME, OWNER, new Progress()));
        assertEquals(", external ID secret already scheduled for deletion",
                provisioner.delete(NAME, OWNER, new Progress()));
        assertTrue(secrets.scheduled(NAME));
    }

    private ExternalIdProvisioner.Trusted ensure(ExternalIdSpec spec, PreviousProperties previous) {
        return provisioner.ensure(spec, previous, Map.of(), OWNER, new Progress(), new Journal());
    }

    private static ExternalIdSpec spec(int version, ExternalIdRotation rotation) {
        return new ExternalIdSpec(NAME, "", null, version, rotation);
    }

    private static ExternalIdSpec userSpec(String arn, ExternalIdRotation rotation) {
        return new ExternalIdSpec(NAME, arn, null, 1, rotation);
    }

    private static PreviousProperties previous(int version, ExternalIdRotation rotation) {
        return new PreviousProperties("stream", 1, "role", "policy", version, rotation, Set.of());
    }
}
