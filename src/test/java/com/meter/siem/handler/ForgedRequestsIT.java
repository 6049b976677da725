package com.meter.siem.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
