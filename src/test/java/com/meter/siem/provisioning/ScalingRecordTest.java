package com.meter.siem.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScalingRecordTest {
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    @Test
    void read_whenWrittenByWithCall_givesTheCallsBack() {
        ScalingRecord record = ScalingRecord.read(Map.of(), NOW).withCall(4, NOW.minusSeconds(60)).withCall(4, NOW);

        ScalingRecord read = ScalingRecord.read(Map.of(ScalingRecord.TAG_KEY, record.tagValue()), NOW);

        assertEquals(record, read);
        assertEquals("from=4 at=%d %d".formatted(NOW.getEpochSecond() - 60, NOW.getEpochSecond()), record.tagValue());
        assertEquals(8, read.remaining());
    }

    @Test
    void read_whenCallsLeftTheWindow_forgetsThemAndTheBackOut() {
        String value = new ScalingRecord(4, List.of(NOW.minus(Duration.ofHours(24)))).tagValue();

        ScalingRecord read = ScalingRecord.read(Map.of(ScalingRecord.TAG_KEY, value), NOW);

        assertEquals(10, read.remaining());
        assertFalse(read.isBackOut(4), "a rollback comes within minutes, not a day later");
    }

    @Test
    void read_whenTagWasEditedByHand_keepsWhatItCanRead() {
        ScalingRecord read = ScalingRecord.read(Map.of(ScalingRecord.TAG_KEY,
                "from=x at=%d soon".formatted(NOW.getEpochSecond())), NOW);

        assertEquals(List.of(NOW), read.calls());
        assertFalse(read.isBackOut(0));
    }

    @Test
    void isBackOut_whenAskedForTheOldPropertiesCount_isTrue() {
        ScalingRecord record = ScalingRecord.read(Map.of(), NOW).withCall(1, NOW);

        assertTrue(record.isBackOut(1));
        assertFalse(record.isBackOut(2));
    }

    @Test
    void freeFor_whenCallsMustExpire_isWhenTheLastOfThoseLeavesTheWindow() {
        ScalingRecord record = ScalingRecord.read(Map.of(), NOW);
        for (int hour = 9; hour >= 0; hour--) {
            record = record.withCall(1, NOW.minus(Duration.ofHours(hour)));
        }

        assertEquals(NOW.plus(Duration.ofHours(15)), record.freeFor(1, NOW));
        assertEquals(NOW.plus(Duration.ofHours(17)), record.freeFor(3, NOW));
        assertEquals(NOW, ScalingRecord.read(Map.of(), NOW).freeFor(10, NOW));
    }

    @Test
    void withCall_whenMoreThanADaysAllowance_keepsTheLatestTen() {
        ScalingRecord record = ScalingRecord.read(Map.of(), NOW);
        for (int call = 0; call < 12; call++) {
            record = record.withCall(1, NOW.plusSeconds(call));
        }

        assertEquals(10, record.calls().size());
        assertEquals(NOW.plusSeconds(2), record.calls().get(0));
        assertTrue(record.tagValue().length() <= 256);
    }
}
