package com.meter.siem.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.meter.siem.testing.Events;
import com.meter.siem.testing.MotoExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A request made up by anyone allowed to invoke the function, with the stack's real StackId and a
 * CloudFormation-shaped response URL, cannot delete a stream the deployment keeps, nor take over one it
 * did not create: what the template sets decides, not the event.
 */
@ExtendWith(MotoExtension.class)
class ForgedRequestsIT {
    private static final String OTHER_PRINCIPAL = "arn:aws:iam::111122223333:role/Meter-data-export-eu";

    private final Harness aws = new Harness();

    @AfterEach
    void close() {
        aws.close();
    }

    @Test
    void delete_whenTheRequestSaysDeleteButTheDeploymentKeepsTheStream_keepsIt() {
        aws.deploymentRetains = true;
        aws.invoke(Harness.create());

        JsonNode answer = aws.invoke(Harness.delete().withProperty("RetainStreamOnDelete", "false"));

        assertEquals("SUCCESS", answer.get("Status").asText());
        assertTrue(aws.streamExists("meter-siem-events"), "the stream the deployment keeps was deleted");
    }

    @Test
    void create_whenTheRequestSaysAdoptButTheDeploymentDoesNot_leavesAnUnrelatedStreamAlone() {
        aws.deploymentAdopts = false;
        aws.kinesis.createStream(r -> r.streamName("payments-audit").shardCount(2));
        aws.kinesis.increaseStreamRetentionPeriod(r -> r.streamName("payments-audit").retentionPeriodHours(168));

        JsonNode answer = aws.invoke(Harness.create().withProperty("KinesisStreamName", "payments-audit")
                .withProperty("AdoptExistingStream", "true"));

        assertEquals("FAILED", answer.get("Status").asText());
        assertTrue(answer.get("Reason").asText().contains("already exists and was not created by this stack"),
                answer.get("Reason").asText());
        assertEquals(168, aws.stream("payments-audit").retentionPeriodHours(), "retention cut");
        assertEquals(2, aws.stream("payments-audit").openShardCount(), "scaled");
        assertTrue(aws.streamTags("payments-audit").isEmpty(), "tagged as ours");
    }

    @Test
    void update_whenTheRequestAloneChangesMetersPrincipal_isRefusedAndTheTrustPolicyKept() {
        aws.invoke(Harness.create());
        JsonNode before = aws.trustPolicy(Harness.ROLE_NAME);

        JsonNode answer = aws.invoke(Harness.updateFromCreate().withProperty("MeterServiceRoleArn", OTHER_PRINCIPAL)
                .withProperty("MeterAccountId", "111122223333"));

        assertEquals("FAILED", answer.get("Status").asText());
        assertTrue(answer.get("Reason").asText().contains("Refused: MeterServiceRoleArn " + OTHER_PRINCIPAL
                + " is not the deployment's (" + Events.METER_PRINCIPAL + ", which the template sets in the function's"
                + " configuration), nor the one its last change replaced"), answer.get("Reason").asText());
        assertEquals(before, aws.trustPolicy(Harness.ROLE_NAME));
    }

    /**
     * A deployment that changes Meter's principal and then rolls back: whichever CloudFormation rolls back
     * first, the function's configuration or the custom resource, the rollback is served. A request for any
     * third principal is still refused.
     */
    @Test
    void update_whenRollingBackAPrincipalChangeBeforeTheFunctionsConfiguration_isServed() {
        aws.invoke(Harness.create());
        aws.deployedPrincipal = OTHER_PRINCIPAL;
        assertEquals("SUCCESS", aws.invoke(toOtherPrincipal()).get("Status").asText());

        JsonNode rollback = aws.invoke(Harness.update()
                .withOldProperty("MeterServiceRoleArn", OTHER_PRINCIPAL).withOldProperty("MeterAccountId", "111122223333"));

        assertEquals("SUCCESS", rollback.get("Status").asText(), rollback.toString());
        assertEquals(Events.METER_PRINCIPAL, aws.trustPolicy(Harness.ROLE_NAME).at("/Statement/0/Principal/AWS").asText());
        JsonNode third = aws.invoke(Harness.update().withProperty("MeterServiceRoleArn",
                "arn:aws:iam::111122223333:root").withProperty("MeterAccountId", "111122223333"));
        assertEquals("FAILED", third.get("Status").asText());
    }

    @Test
    void update_whenRollingBackARenameAndPrincipalChangeBeforeTheFunctionsConfiguration_isServed() {
        aws.invoke(Harness.create());
        aws.deployedPrincipal = OTHER_PRINCIPAL;
        assertEquals("SUCCESS", aws.invoke(toOtherPrincipal().withProperty("IamRoleName", "MeterRoleEu"))
                .get("Status").asText());

        JsonNode rollback = aws.invoke(Harness.update().withOldProperty("IamRoleName", "MeterRoleEu")
                .withOldProperty("MeterServiceRoleArn", OTHER_PRINCIPAL).withOldProperty("MeterAccountId", "111122223333"));

        assertEquals("SUCCESS", rollback.get("Status").asText(), rollback.toString());
        assertEquals(Events.METER_PRINCIPAL, aws.trustPolicy(Harness.ROLE_NAME).at("/Statement/0/Principal/AWS").asText());
    }

    private static Events toOtherPrincipal() {
        return Harness.update().withProperty("MeterServiceRoleArn", OTHER_PRINCIPAL)
                .withProperty("MeterAccountId", "111122223333");
    }

    @Test
    void update_whenTheStreamWasAdoptedEarlier_goesOnManagingItWhateverTheDeploymentSaysNow() {
        aws.kinesis.createStream(r -> r.streamName("meter-siem-events").shardCount(2));
        aws.invoke(Harness.create().withProperty("AdoptExistingStream", "true"));
        aws.deploymentAdopts = false;

        JsonNode answer = aws.invoke(Harness.updateFromCreate().withProperty("AdoptExistingStream", "true")
                .withProperty("KinesisRetentionHours", "48"));

        assertEquals("SUCCESS", answer.get("Status").asText(), answer.toString());
        assertEquals(48, aws.stream("meter-siem-events").retentionPeriodHours());
    }
}
