package com.meter.siem.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DeleteSpecTest {
    @Test
    void read_whenPropertiesFailTodaysValidation_stillNamesWhatToRemove() {
        DeleteSpec spec = DeleteSpec.read(Map.of("KinesisStreamName", "siem", "KinesisShardCount", "0",
                "ShardLevelMetrics", List.of("Latency"), "AFuturePropertyToday'sReleaseRejects", "x",
                "IamRoleName", "Writer", "IamPolicyName", "Write", "ExternalIdSecretName", "stack/meter-siem/id",
                "RetainStreamOnDelete", " FALSE "));

        assertEquals(new DeleteSpec("siem", false, "Writer", "Write", "stack/meter-siem/id"), spec);
    }

    @Test
    void read_whenNamesAreAbsent_usesTheTemplatesDefaultsAndNoSecret() {
        assertEquals(new DeleteSpec("meter-siem-events", true, "MeterSIEMIntegrationRole",
                "MeterSIEMKinesisWritePolicy", null), DeleteSpec.read(Map.of()));
    }

    @Test
    void read_whenANameIsOneAwsRefuses_skipsIt() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("IamRoleName", "role with spaces");
        properties.put("IamPolicyName", List.of("a"));
        properties.put("ExternalIdSecretName", "s".repeat(513));

        DeleteSpec spec = DeleteSpec.read(properties);

        assertNull(spec.roleName());
        assertEquals("MeterSIEMKinesisWritePolicy", spec.policyName(), "not a string: as if absent");
        assertNull(spec.secretName());
    }

    /** Only an explicit false deletes the stream: an unreadable setting never destroys data. */
    @ParameterizedTest
    @ValueSource(strings = {"true", "no", "0", "", "fals", "TRUE"})
    void read_whenRetainIsAnythingButFalse_keepsTheStream(String value) {
        assertTrue(DeleteSpec.read(Map.of("RetainStreamOnDelete", value)).retainStream());
    }

    @Test
    void read_whenRetainIsNotAString_keepsTheStream() {
        assertTrue(DeleteSpec.read(Map.of("RetainStreamOnDelete", false)).retainStream());
        assertFalse(DeleteSpec.read(Map.of("RetainStreamOnDelete", "false")).retainStream());
    }
}
