package com.meter.siem.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dashboard as CloudFormation would create it: a body CloudWatch accepts, with the graphs the alerts refer to. */
class HealthDashboardTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void dashboard_whenDeployed_drawsEachReadersLagAgainstTheRetention() throws Exception {
        DeployedTemplate template = DeployedTemplate.with(Map.of("KinesisRetentionHours", "72",
                "IteratorAgeWarningPercent", "40", "IteratorAgeCriticalPercent", "90"));
        String body = template.evaluate(template.properties("HealthDashboard").path("DashboardBody"), Map.of(
                "AWS::Region", "us-east-1", "MeterSiemIntegration.StreamName", "meter-siem-events"));

        JsonNode lag = widget(JSON.readTree(body), "Oldest unread event per reader vs retention (hours)");

        List<String> drawn = new ArrayList<>();
        lag.at("/properties/metrics").forEach(line -> drawn.add(line.toString()));
        assertTrue(drawn.get(0).startsWith("[\"AWS/Kinesis\",\"GetRecords.IteratorAgeMilliseconds\",\"StreamName\","
                + "\"meter-siem-events\",{\"stat\":\"Maximum\""), drawn.get(0));
        assertTrue(drawn.get(2).contains("StreamName=\\\"meter-siem-events\\\" MetricName=\\\""
                + "SubscribeToShardEvent.MillisBehindLatest\\\"', 'Maximum', 60) / 3600000"), drawn.get(2));
        assertTrue(drawn.get(3).contains("TIME_SERIES(1) * 72 * 40 / 100"), drawn.get(3));
        assertTrue(drawn.get(4).contains("TIME_SERIES(1) * 72 * 90 / 100"), drawn.get(4));
        assertEquals(72, lag.at("/properties/annotations/horizontal/0/value").asInt(), "the retention line");
    }

    private static JsonNode widget(JsonNode dashboard, String title) {
        for (JsonNode widget : dashboard.path("widgets")) {
            if (widget.at("/properties/title").asText().equals(title)) {
                return widget;
            }
        }
        throw new AssertionError("no widget " + title + " in " + dashboard);
    }
}
