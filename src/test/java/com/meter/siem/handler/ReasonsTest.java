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

    /** IAM's errors can quote the trust policy: whatever ID it holds, generated or not, is masked. */
    @Test
    void redact_whenTextQuotesAnExternalIdCondition_masksItsValues() {
        String json = "MalformedPolicyDocument: {\"Condition\":{\"StringEquals\":{\"sts:ExternalId\": \"0a1b2c\"}}}";
        String list = "{\"StringEquals\":{\"sts:externalid\":[\"0a1b2c\",\"3d4e5f\"]}}";
        String encoded = "%7B%22StringEquals%22%3A%7B%22sts%3AExternalId%22%3A%220a1b2c%22%7D%7D";

        assertEquals("MalformedPolicyDocument: {\"Condition\":{\"StringEquals\":{\"sts:ExternalId\": \"****\"}}}",
                Reasons.redact(json, List.of()));
        assertEquals("{\"StringEquals\":{\"sts:externalid\":\"****\"}}", Reasons.redact(list, List.of()));
        assertEquals("%7B%22StringEquals%22%3A%7B%22sts%3AExternalId%22%3A%22****%22%7D%7D",
                Reasons.redact(encoded, List.of()));
    }

    @Test
    void redact_whenTextHoldsASecret_masksEveryOccurrence() {
        assertEquals("id **** and ****", Reasons.redact("id s3cr3t and s3cr3t", List.of("s3cr3t", "")));
    }
}
