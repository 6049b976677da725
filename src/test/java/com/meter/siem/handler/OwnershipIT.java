package com.meter.siem.handler;

import static com.meter.siem.handler.Harness.ROLE_NAME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.meter.siem.testing.MotoExtension;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A second stack of this template in the account (dev beside prod) tags what it creates with its own stack
 * id and the same logical id, MeterSiemIntegration: this stack never takes over, changes or deletes it.
 */
@ExtendWith(MotoExtension.class)
class OwnershipIT {
    private static final Map<String, String> OTHER_STACKS_TAGS = Map.of(
            "meter-siem:stack-id", "arn:aws:cloudformation:us-east-1:123456789012:stack/meter-siem-dev/"
                    + "9a8b7c6d-c8a1-11ef-9f1a-0a1b2c3d4e5f",
            "meter-siem:logical-id", "MeterSiemIntegration");
    private final Harness aws = new Harness();

    @AfterEach
    void close() {
        aws.close();
    }

    @Test
    void create_whenTheStreamIsAnotherStacksWithOurLogicalId_failsAndLeavesItAlone() {
        otherStacksStream();

        JsonNode response = aws.invoke(Harness.create());

        assertEquals("FAILED", response.get("Status").asText());
        assertTrue(response.get("Reason").asText().contains("already exists and was not created by this stack"),
                response.get("Reason").asText());
        assertEquals(3, aws.stream("meter-siem-events").openShardCount());
        assertEquals(OTHER_STACKS_TAGS, aws.streamTags("meter-siem-events"));
    }

    @Test
    void delete_whenTheStreamAndRoleAreAnotherStacks_keepsThemEvenWithRetainFalse() {
        otherStacksStream();
        aws.iam.createRole(r -> r.roleName(ROLE_NAME).path("/meter-siem/").assumeRolePolicyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[]}").tags(OTHER_STACKS_TAGS.entrySet().stream()
                .map(tag -> software.amazon.awssdk.services.iam.model.Tag.builder().key(tag.getKey())
                        .value(tag.getValue()).build()).toList()));

        JsonNode response = aws.invoke(Harness.delete().withProperty("RetainStreamOnDelete", "false"));

        assertEquals("SUCCESS", response.get("Status").asText());
        assertTrue(aws.streamExists("meter-siem-events"), "another stack's stream is never deleted");
        assertTrue(aws.roleExists(ROLE_NAME), "another stack's role is never deleted");
    }

    private void otherStacksStream() {
        aws.kinesis.createStream(r -> r.streamName("meter-siem-events").shardCount(3));
        aws.kinesis.addTagsToStream(r -> r.streamName("meter-siem-events").tags(OTHER_STACKS_TAGS));
    }
}
