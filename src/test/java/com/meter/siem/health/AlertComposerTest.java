package com.meter.siem.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertComposerTest {
    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private final AlertComposer composer = new AlertComposer("123456789012", "ap-southeast-2", "");

    @Test
    void compose_whenStreamNameIsLong_keepsTheSubjectUnderOneHundredCharacters() {
        String stream = "s".repeat(128);

        AlertMessage message = composer.compose(stream, "arn", List.of(opened("ThrottledWrites", Severity.CRITICAL),
                opened("CapacityHeadroom", Severity.WARNING)));

        assertTrue(message.subject().length() < 100, message.subject());
        assertTrue(message.subject().startsWith("CRITICAL FAILING: ThrottledWrites +1 on sss"), message.subject());
        assertTrue(message.subject().endsWith("... (123456789012 ap-southeast-2)"), message.subject());
    }

    @Test
    void compose_whenFindingsMixed_leadsWithTheMostSevereOpenOne() {
        AlertMessage message = composer.compose("s", "arn", List.of(resolved("RetentionLowered"),
                opened("CapacityHeadroom", Severity.WARNING), opened("EncryptionChanged", Severity.CRITICAL)));

        assertEquals(Severity.CRITICAL, message.severity());
        assertEquals("FAILING", message.state());
        assertEquals(List.of("EncryptionChanged", "CapacityHeadroom", "RetentionLowered"), message.checks());
        assertEquals("meter-siem:123456789012:ap-southeast-2:s:EncryptionChanged", message.dedupKey());
        assertTrue(message.text().contains("[RESOLVED] RetentionLowered: fine. Failing since 2026-11-23 12:00 UTC."),
                message.text());
    }

    private static AlertDecision opened(String check, Severity severity) {
        Finding finding = new Finding(check, severity, CheckStatus.FAILING, "summary", "observed", "threshold", "",
                "fix");
        return AlertDecision.decide("k", finding, null, T0, java.time.Duration.ofHours(4));
    }

    private static AlertDecision resolved(String check) {
        AlertState failing = new AlertState("k", CheckStatus.FAILING, Severity.WARNING, T0, T0, 1);
        return AlertDecision.decide("k", Finding.ok(check, Severity.WARNING, "fine"), failing, T0.plusSeconds(60),
                java.time.Duration.ofHours(4));
    }
}
