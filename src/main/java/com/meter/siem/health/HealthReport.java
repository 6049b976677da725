package com.meter.siem.health;

import java.util.List;
import java.util.Map;

/**
 * What one run found and sent.
 *
 * @param findings every stream's findings, by stream
 * @param sent the messages published (those whose state change this run won)
 */
public record HealthReport(Map<String, List<Finding>> findings, List<AlertMessage> sent) {
    public HealthReport {
        findings = Map.copyOf(findings);
        sent = List.copyOf(sent);
    }

    public long failing() {
        return findings.values().stream().flatMap(List::stream).filter(f -> f.status() == CheckStatus.FAILING).count();
    }

    public long unknown() {
        return findings.values().stream().flatMap(List::stream).filter(f -> f.status() == CheckStatus.UNKNOWN).count();
    }
}
