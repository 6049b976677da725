package com.meter.siem.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every stack of this template has the logical id MeterSiemIntegration: the stack's tag is what tells them apart. */
class OwnershipTest {
    private static final String STACK = "arn:aws:cloudformation:us-east-1:123456789012:stack/prod/1";
    private static final String OTHER_STACK = "arn:aws:cloudformation:us-east-1:123456789012:stack/dev/2";
    private final Ownership owner = new Ownership(STACK, "MeterSiemIntegration");

    @Test
    void owns_whenBothTagsAreOurs_isTrue() {
        assertTrue(owner.owns(owner.ownerTags()));
    }

    @Test
    void owns_whenAnotherStackTaggedItWithOurLogicalId_isFalse() {
        assertFalse(owner.owns(new Ownership(OTHER_STACK, "MeterSiemIntegration").ownerTags()));
    }

    @Test
    void owns_whenOurStackTaggedItForAnotherResource_isFalse() {
        assertFalse(owner.owns(new Ownership(STACK, "ArchiveDeliveryStream").ownerTags()));
    }

    @Test
    void owns_whenUntaggedOrAdopted_isFalse() {
        assertFalse(owner.owns(Map.of()));
        assertFalse(owner.owns(owner.adoptionTags()));
    }

    /** A stack deleted and deployed again under its name gets a new stack id; its predecessor's resources match. */
    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource({
            "arn:aws:cloudformation:us-east-1:123456789012:stack/prod/0, MeterSiemIntegration, true",
            "arn:aws:cloudformation:us-east-1:123456789012:stack/prod/1, MeterSiemIntegration, false",
            "arn:aws:cloudformation:us-east-1:123456789012:stack/prod/0, ArchiveDeliveryStream, false",
            "arn:aws:cloudformation:us-east-1:123456789012:stack/dev/0, MeterSiemIntegration, false",
            "arn:aws:cloudformation:us-east-1:123456789012:stack/prod-2/0, MeterSiemIntegration, false",
            "arn:aws:cloudformation:eu-west-1:123456789012:stack/prod/0, MeterSiemIntegration, false",
            "arn:aws:cloudformation:us-east-1:210987654321:stack/prod/0, MeterSiemIntegration, false"})
    void ownedByEarlierStackOfThisName_whenTagged_isTrueOnlyForThisNameAccountRegionAndLogicalId(String stackId,
            String logicalId, boolean expected) {
        assertEquals(expected, owner.ownedByEarlierStackOfThisName(new Ownership(stackId, logicalId).ownerTags()));
    }
}
