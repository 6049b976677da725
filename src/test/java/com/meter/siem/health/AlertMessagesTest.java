package com.meter.siem.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The exact text, subject and chat notification of an alert message. */
class AlertMessagesTest {
    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private static final String ARN = "arn:aws:kinesis:us-east-1:123456789012:stream/siem";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AlertComposer composer = new AlertComposer("123456789012", "us-east-1", "https://dash");

    @Test
    void compose_whenOneOpensAndOneResolves_writesBothWithTheOpenOneFirst() throws Exception {
        AlertMessage message = composer.compose("siem", ARN, List.of(resolved("RetentionLowered"),
                opened("CapacityHeadroom", Severity.WARNING, "2026-11-23 11:55 to 12:00 UTC (5 minutes)")));

        assertEquals("WARNING FAILING: CapacityHeadroom +1 on siem (123456789012 us-east-1)", message.subject());
        assertEquals("""
                Meter SIEM integration health: Kinesis stream siem in account 123456789012, us-east-1.

                [FAILING] WARNING CapacityHeadroom
                summary
                Observed: observed; threshold: threshold
                Window: 2026-11-23 11:55 to 12:00 UTC (5 minutes)
                Failing since: 2026-11-23 12:00 UTC
                What to do: fix
                Dedup key: meter-siem:123456789012:us-east-1:siem:CapacityHeadroom

                [RESOLVED] RetentionLowered: fine. Failing since 2026-11-23 12:00 UTC.
                Dedup key: meter-siem:123456789012:us-east-1:siem:RetentionLowered

                Stream: arn:aws:kinesis:us-east-1:123456789012:stream/siem
                Dashboard: https://dash
                """, message.text());
        JsonNode chat = JSON.readTree(message.chatNotification());
        assertEquals("meter-siem:123456789012:us-east-1:siem:CapacityHeadroom:" + T0.toEpochMilli(),
                chat.path("id").asText());
        assertEquals(":warning: " + message.subject(), chat.at("/content/title").asText());
        assertEquals("*WARNING CapacityHeadroom*: summary Observed observed; threshold threshold.\n"
                + "*RESOLVED RetentionLowered*: fine", chat.at("/content/description").asText());
        assertEquals(JSON.readTree("[\"CapacityHeadroom: fix\",\"Dashboard: https://dash\"]"),
                chat.at("/content/nextSteps"));
        assertEquals(JSON.readTree("[\"WARNING\",\"siem\",\"CapacityHeadroom\",\"RetentionLowered\"]"),
                chat.at("/content/keywords"));
        assertEquals(JSON.readTree("[\"" + ARN + "\"]"), chat.at("/metadata/relatedResources"));
        assertEquals(JSON.readTree("{\"account\":\"123456789012\",\"region\":\"us-east-1\",\"stream\":\"siem\"}"),
                chat.at("/metadata/additionalContext"));
        assertEquals(message.subject(), chat.at("/metadata/summary").asText());
    }

    @Test
    void compose_whenOnlyAResolutionForAMissingStream_saysSoWithoutDashboard() throws Exception {
        AlertMessage message = new AlertComposer("123456789012", "us-east-1", "").compose("siem", null,
                List.of(resolved("RetentionLowered")));

        assertEquals("RESOLVED", message.state());
        assertEquals("RESOLVED: RetentionLowered on siem (123456789012 us-east-1)", message.subject());
        assertEquals("\nStream: (not found)\n", message.text().substring(message.text().lastIndexOf("\n\n") + 1));
        JsonNode chat = JSON.readTree(message.chatNotification());
        assertEquals(":white_check_mark: " + message.subject(), chat.at("/content/title").asText());
        assertEquals(JSON.readTree("[]"), chat.at("/content/nextSteps"));
        assertEquals(JSON.readTree("[]"), chat.at("/metadata/relatedResources"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"CRITICAL, :rotating_light:", "WARNING, :warning:", "INFO, :information_source:"})
    void compose_whenOpened_titlesTheChatWithTheSeveritysIcon(Severity severity, String icon) throws Exception {
        AlertMessage message = composer.compose("siem", ARN, List.of(opened("Check", severity, "")));

        assertEquals(icon + " " + severity + " FAILING: Check on siem (123456789012 us-east-1)",
                JSON.readTree(message.chatNotification()).at("/content/title").asText());
        assertEquals(false, message.text().contains("Window:"));
    }

    @Test
    void compose_whenReminded_saysReminder() {
        AlertState failing = new AlertState("k", CheckStatus.FAILING, Severity.CRITICAL, T0, T0, 1);
        AlertDecision reminder = AlertDecision.decide("k", new Finding("Check", Severity.CRITICAL, CheckStatus.FAILING,
                "s", "o", "t", "", "f"), failing, T0.plus(Duration.ofHours(4)), Duration.ofHours(4));

        AlertMessage message = composer.compose("siem", ARN, List.of(reminder));

        assertEquals("REMINDER", message.state());
        assertEquals("CRITICAL REMINDER: Check on siem (123456789012 us-east-1)", message.subject());
    }

    @ParameterizedTest(name = "stream of {0} characters")
    @CsvSource(delimiter = '|', value = {
            "44 | RESOLVED: RetentionLowered on xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx (123456789012 us-east-1)",
            "45 | RESOLVED: RetentionLowered on xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx... (123456789012 us-east-1)"})
    void compose_whenTheSubjectWouldReachOneHundred_shortensTheStreamName(int length, String subject) {
        AlertMessage message = new AlertComposer("123456789012", "us-east-1", "").compose("x".repeat(length), ARN,
                List.of(resolved("RetentionLowered")));

        assertEquals(subject, message.subject());
        assertEquals(99, message.subject().length());
    }

    private static AlertDecision opened(String check, Severity severity, String window) {
        Finding finding = new Finding(check, severity, CheckStatus.FAILING, "summary", "observed", "threshold", window,
                "fix");
        return AlertDecision.decide("k", finding, null, T0, Duration.ofHours(4));
    }

    private static AlertDecision resolved(String check) {
        AlertState failing = new AlertState("k", CheckStatus.FAILING, Severity.WARNING, T0, T0, 1);
        return AlertDecision.decide("k", Finding.ok(check, Severity.WARNING, "fine"), failing, T0.plusSeconds(60),
                Duration.ofHours(4));
    }
}
