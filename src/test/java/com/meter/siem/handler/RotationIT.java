package com.meter.siem.handler;

import static com.meter.siem.handler.Harness.ROLE_NAME;
import static com.meter.siem.handler.Harness.SECRET_NAME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.spy;

import com.fasterxml.jackson.databind.JsonNode;
import com.meter.siem.provisioning.IamGateway;
import com.meter.siem.testing.MotoExtension;
import com.meter.siem.testing.Secrets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The two steps of an external ID rotation, as CloudFormation sends them, and CloudFormation's rollback of each:
 * the secret's current and previous values and the IDs the trust policy accepts, read back from moto. Whether
 * Meter can assume the role with each ID is shown with IAM enforced, in {@link LeastPrivilegeIT}.
 */
@ExtendWith(MotoExtension.class)
class RotationIT {
    private final Harness aws = new Harness();
    private String idBefore;

    @BeforeEach
    void createIntegration() {
        assertSuccess(aws.invoke(Harness.create()));
        idBefore = aws.secretValue(SECRET_NAME);
    }

    @AfterEach
    void close() {
        aws.close();
    }

    @Test
    void start_whenVersionRaisedWithRotationStarted_makesANewIdCurrentAndAcceptsBoth() {
        JsonNode started = aws.invoke(Harness.startRotation());

        assertSuccess(started);
        String newId = aws.secretValue(SECRET_NAME);
        assertNotEquals(idBefore, newId);
        assertTrue(newId.matches("[0-9a-f]{64}"));
        assertEquals(idBefore, aws.previousSecretValue(SECRET_NAME));
        assertEquals(List.of(newId, idBefore), aws.trustedExternalIds(ROLE_NAME));
        assertEquals(1, aws.trustPolicy(ROLE_NAME).path("Statement").size(), "still one statement, Meter's principal");
    }

    @Test
    void finish_whenRotationFinished_acceptsOnlyTheNewIdAndKeepsThePreviousInTheSecret() {
        assertSuccess(aws.invoke(Harness.startRotation()));
        String newId = aws.secretValue(SECRET_NAME);

        assertSuccess(aws.invoke(Harness.finishRotation()));

        assertEquals(List.of(newId), aws.trustedExternalIds(ROLE_NAME));
        assertEquals(newId, aws.secretValue(SECRET_NAME));
        assertEquals(idBefore, aws.previousSecretValue(SECRET_NAME), "kept, so that the rollback of the finish can"
                + " accept it again");
    }

    @Test
    void start_whenVersionRaisedWithoutRotationStarted_isRefusedBeforeAnyChange() {
        JsonNode refused = aws.invoke(Harness.updateFromCreate().withProperty("ExternalIdVersion", "2"));

        assertEquals("FAILED", refused.path("Status").asText());
        assertEquals("Invalid properties: ExternalIdVersion: raising it to 2 starts a rotation; set"
                + " ExternalIdRotation=STARTED with it, so that Meter's role accepts the current ID and the new one"
                + " until you set ExternalIdRotation=FINISHED", refused.path("Reason").asText());
        assertOnlyCurrentAndAccepted(idBefore);
    }

    @Test
    void start_whenTheLastRotationIsNotFinished_isRefusedBeforeAnyChange() {
        assertSuccess(aws.invoke(Harness.startRotation()));
        String newId = aws.secretValue(SECRET_NAME);

        JsonNode refused = aws.invoke(Harness.updateFromCreate().withOldProperty("ExternalIdVersion", "2")
                .withOldProperty("ExternalIdRotation", "STARTED").withProperty("ExternalIdVersion", "3")
                .withProperty("ExternalIdRotation", "STARTED"));

        assertEquals("FAILED", refused.path("Status").asText());
        assertTrue(refused.path("Reason").asText().startsWith("Invalid properties: ExternalIdVersion: the rotation to"
                + " version 2 is not finished"), refused.toString());
        assertEquals(List.of(newId, idBefore), aws.trustedExternalIds(ROLE_NAME), "the ID Meter had is kept");
    }

    /** A later resource failed, or the Update was cancelled: CloudFormation rolls the successful start back. */
    @Test
    void rollbackOfStart_whenCloudFormationRollsBack_givesBackTheIdMeterHad() {
        assertSuccess(aws.invoke(Harness.startRotation()));

        assertSuccess(aws.invoke(Harness.rollbackOfStart()));

        assertOnlyCurrentAndAccepted(idBefore);
    }

    @Test
    void start_whenTheTrustPolicyCannotBeWritten_leavesMeterItsIdAndTheRollbackGivesTheSecretBack() {
        failTrustPolicyWrites();

        JsonNode started = aws.invoke(Harness.startRotation());

        assertEquals("FAILED", started.path("Status").asText());
        assertTrue(started.path("Reason").asText().startsWith("Update failed at step 'update trust policy of role"),
                started.toString());
        assertEquals(List.of(idBefore), aws.trustedExternalIds(ROLE_NAME), "Meter still assumes with its ID");
        String generated = aws.secretValue(SECRET_NAME);
        assertNotEquals(idBefore, generated, "the secret had been written");

        assertSuccess(aws.invoke(Harness.rollbackOfStart()));

        assertOnlyCurrentAndAccepted(idBefore);
    }

    /** The version's ID is made once: a start redone after its rollback finds it, and Secrets Manager keeps it. */
    @Test
    void start_whenRedoneAfterItsRollback_acceptsTheSameNewIdAgain() {
        assertSuccess(aws.invoke(Harness.startRotation()));
        String firstAttempt = aws.secretValue(SECRET_NAME);
        assertSuccess(aws.invoke(Harness.rollbackOfStart()));

        assertSuccess(aws.invoke(Harness.startRotation()));

        assertEquals(firstAttempt, aws.secretValue(SECRET_NAME));
        assertEquals(List.of(firstAttempt, idBefore), aws.trustedExternalIds(ROLE_NAME));
    }

    @Test
    void rollbackOfFinish_whenCloudFormationRollsBack_acceptsBothIdsAgain() {
        assertSuccess(aws.invoke(Harness.startRotation()));
        String newId = aws.secretValue(SECRET_NAME);
        assertSuccess(aws.invoke(Harness.finishRotation()));

        assertSuccess(aws.invoke(Harness.updateFromCreate().withOldProperty("ExternalIdVersion", "2")
                .withProperty("ExternalIdVersion", "2").withProperty("ExternalIdRotation", "STARTED")));

        assertEquals(List.of(newId, idBefore), aws.trustedExternalIds(ROLE_NAME));
    }

    @Test
    void finish_whenTheTrustPolicyCannotBeWritten_stillAcceptsBothIds() {
        assertSuccess(aws.invoke(Harness.startRotation()));
        String newId = aws.secretValue(SECRET_NAME);
        failTrustPolicyWrites();

        assertEquals("FAILED", aws.invoke(Harness.finishRotation()).path("Status").asText());

        assertEquals(List.of(newId, idBefore), aws.trustedExternalIds(ROLE_NAME));
    }

    @Test
    void delete_whenARotationIsStarted_removesTheRoleAndSchedulesBothIdsForDeletion() {
        assertSuccess(aws.invoke(Harness.startRotation()));

        assertSuccess(aws.invoke(Harness.delete().withProperty("ExternalIdVersion", "2")
                .withProperty("ExternalIdRotation", "STARTED")));

        assertFalse(aws.roleExists(ROLE_NAME));
        assertNotNull(aws.secrets.describeSecret(r -> r.secretId(SECRET_NAME)).deletedDate(),
                "the secret, with every version of the ID, is scheduled for deletion");
    }

    /** With ExistingExternalIdSecretArn the user puts the new value; the stack only reads both and never writes. */
    @Test
    void rotation_whenTheUsersOwnSecretGetsANewValue_acceptsItsCurrentAndPreviousUntilFinished() {
        String first = "first-" + "e".repeat(40);
        String second = "second-" + "f".repeat(40);
        Secrets.remember(first);
        Secrets.remember(second);
        String arn = aws.secrets.createSecret(r -> r.name("security/meter-external-id").secretString(first)).arn();
        assertSuccess(aws.invoke(Harness.updateFromCreate().withProperty("ExistingExternalIdSecretArn", arn)));
        assertEquals(List.of(first), aws.trustedExternalIds(ROLE_NAME));
        aws.secrets.putSecretValue(r -> r.secretId(arn).secretString(second));

        assertSuccess(aws.invoke(Harness.startRotation().withOldProperty("ExistingExternalIdSecretArn", arn)
                .withProperty("ExistingExternalIdSecretArn", arn)));
        assertEquals(List.of(second, first), aws.trustedExternalIds(ROLE_NAME));

        assertSuccess(aws.invoke(Harness.finishRotation().withOldProperty("ExistingExternalIdSecretArn", arn)
                .withProperty("ExistingExternalIdSecretArn", arn)));
        assertEquals(List.of(second), aws.trustedExternalIds(ROLE_NAME));
        assertEquals(second, aws.secrets.getSecretValue(r -> r.secretId(arn).versionStage("AWSCURRENT"))
                .secretString(), "the stack never wrote the user's secret");
    }

    private void assertOnlyCurrentAndAccepted(String id) {
        assertEquals(id, aws.secretValue(SECRET_NAME));
        assertEquals(List.of(id), aws.trustedExternalIds(ROLE_NAME));
    }

    /** The connection drops on every UpdateAssumeRolePolicy: everything before it in the run has been done. */
    private void failTrustPolicyWrites() {
        IamGateway failing = spy(aws.iamGateway);
        doThrow(SdkClientException.create("connection reset")).when(failing).updateTrustPolicy(eq(ROLE_NAME), any());
        aws.iamGateway = failing;
    }

    private static void assertSuccess(JsonNode response) {
        assertEquals("SUCCESS", response.path("Status").asText(), () -> response.path("Reason").asText());
    }
}
