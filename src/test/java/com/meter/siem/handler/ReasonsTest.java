package com.meter.siem.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReasonsTest {
    @Test
    void truncate_whenMultiByteTextIsTooLong_cutsOnACharacterWithinTheLimit() {
        String text = "🙂".repeat(1000);

        String cut = Reasons.truncate(text, 1800);

        assertTrue(cut.getBytes(StandardCharsets.UTF_8).length <= 1800);
        assertTrue(cut.endsWith("... (truncated; see the function's log)"));
        assertTrue(cut.startsWith("🙂🙂"));
    }

    @Test
    void truncate_whenShortEnough_keepsTheText() {
        assertEquals("short", Reasons.truncate("short", 1800));
    }

    @Test
    void redact_whenTextHoldsASecret_masksEveryOccurrence() {
        assertEquals("id **** and ****", Reasons.redact("id s3cr3t and s3cr3t", List.of("s3cr3t", "")));
    }
}
