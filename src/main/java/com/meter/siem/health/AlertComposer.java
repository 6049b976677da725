package com.meter.siem.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.List;

/**
 * Writes what a run decided about one stream as one message: a subject that fits a phone's lock screen,
 * a plain-text body an on-call engineer can act on, and the same as an AWS Chatbot custom notification.
 */
public final class AlertComposer {
    /** SNS rejects subjects of 100 characters or more. */
    static final int MAX_SUBJECT = 99;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String accountId;
    private final String region;
    private final String dashboardUrl;

    public AlertComposer(String accountId, String region, String dashboardUrl) {
        this.accountId = accountId;
        this.region = region;
        this.dashboardUrl = dashboardUrl;
    }

    /** The stable key of one check of one stream: alert state, deduplication and chat threads use it. */
    public String dedupKey(String streamName, String check) {
        return "meter-siem:%s:%s:%s:%s".formatted(accountId, region, streamName, check);
    }

    /** @param decisions the stream's decisions of this run that are news, at least one */
    public AlertMessage compose(String streamName, String streamArn, List<AlertDecision> decisions) {
        List<AlertDecision> ordered = decisions.stream()
                .sorted(Comparator.comparing((AlertDecision d) -> d.kind() == AlertDecision.Kind.RESOLVED)
                        .thenComparing(d -> d.finding().severity())
                        .thenComparing(d -> d.finding().check()))
                .toList();
        AlertDecision lead = ordered.get(0);
        String state = state(lead.kind());
        Severity severity = lead.finding().severity();
        List<String> checks = ordered.stream().map(d -> d.finding().check()).toList();
        String subject = subject(severity, state, checks, streamName);
        String text = text(streamName, streamArn, ordered);
        String key = dedupKey(streamName, lead.finding().check());
        return new AlertMessage(subject, text, chatNotification(subject, streamName, streamArn, ordered, key),
                severity, state, streamName, checks, key);
    }

    private static String state(AlertDecision.Kind kind) {
        return switch (kind) {
            case OPENED -> "FAILING";
            case REMINDER -> "REMINDER";
            default -> "RESOLVED";
        };
    }

    private String subject(Severity severity, String state, List<String> checks, String streamName) {
        String what = checks.size() == 1 ? checks.get(0) : checks.get(0) + " +" + (checks.size() - 1);
        String prefix = state.equals("RESOLVED") ? "RESOLVED" : severity + " " + state;
        String where = " (%s %s)".formatted(accountId, region);
        String subject = "%s: %s on %s%s".formatted(prefix, what, streamName, where);
        if (subject.length() <= MAX_SUBJECT) {
            return subject;
        }
        int room = MAX_SUBJECT - (prefix.length() + what.length() + where.length() + 9);
        return "%s: %s on %s...%s".formatted(prefix, what, streamName.substring(0, Math.max(0, room)), where);
    }

    private String text(String streamName, String streamArn, List<AlertDecision> decisions) {
        StringBuilder body = new StringBuilder();
        body.append("Meter SIEM integration health: Kinesis stream ").append(streamName)
                .append(" in account ").append(accountId).append(", ").append(region).append(".\n");
        for (AlertDecision decision : decisions) {
            Finding finding = decision.finding();
            body.append('\n');
            if (decision.kind() == AlertDecision.Kind.RESOLVED) {
                body.append("[RESOLVED] ").append(finding.check()).append(": ").append(finding.summary())
                        .append(". Failing since ").append(Windows.time(decision.previous().since())).append(".\n");
            } else {
                body.append('[').append(state(decision.kind())).append("] ").append(finding.severity()).append(' ')
                        .append(finding.check()).append('\n')
                        .append(finding.summary()).append('\n')
                        .append("Observed: ").append(finding.observed()).append("; threshold: ")
                        .append(finding.threshold()).append('\n');
                if (!finding.window().isEmpty()) {
                    body.append("Window: ").append(finding.window()).append('\n');
                }
                body.append("Failing since: ").append(Windows.time(decision.next().since())).append('\n')
                        .append("What to do: ").append(finding.fix()).append('\n');
            }
            body.append("Dedup key: ").append(dedupKey(streamName, finding.check())).append('\n');
        }
        body.append("\nStream: ").append(streamArn == null ? "(not found)" : streamArn).append('\n');
        if (!dashboardUrl.isEmpty()) {
            body.append("Dashboard: ").append(dashboardUrl).append('\n');
        }
        return body.toString();
    }

    private String chatNotification(String subject, String streamName, String streamArn,
                                    List<AlertDecision> decisions, String key) {
        ObjectNode root = JSON.createObjectNode()
                .put("version", "1.0")
                .put("source", "custom")
                .put("id", key + ":" + decisions.get(0).next().lastNotified().toEpochMilli());
        ObjectNode content = root.putObject("content")
                .put("textType", "client-markdown")
                .put("title", icon(decisions.get(0)) + " " + subject);
        StringBuilder description = new StringBuilder();
        ArrayNode nextSteps = JSON.createArrayNode();
        for (AlertDecision decision : decisions) {
            Finding finding = decision.finding();
            if (decision.kind() == AlertDecision.Kind.RESOLVED) {
                description.append("*RESOLVED ").append(finding.check()).append("*: ").append(finding.summary())
                        .append('\n');
            } else {
                description.append('*').append(finding.severity()).append(' ').append(finding.check()).append("*: ")
                        .append(finding.summary()).append(" Observed ").append(finding.observed())
                        .append("; threshold ").append(finding.threshold()).append(".\n");
                nextSteps.add(finding.check() + ": " + finding.fix());
            }
        }
        if (!dashboardUrl.isEmpty()) {
            nextSteps.add("Dashboard: " + dashboardUrl);
        }
        content.put("description", description.toString().strip());
        content.set("nextSteps", nextSteps);
        ArrayNode keywords = content.putArray("keywords").add(decisions.get(0).finding().severity().name())
                .add(streamName);
        decisions.forEach(d -> keywords.add(d.finding().check()));
        ObjectNode metadata = root.putObject("metadata")
                .put("threadId", key)
                .put("summary", subject)
                .put("eventType", "MeterSiemHealthFinding");
        ArrayNode related = metadata.putArray("relatedResources");
        if (streamArn != null) {
            related.add(streamArn);
        }
        metadata.putObject("additionalContext").put("account", accountId).put("region", region)
                .put("stream", streamName);
        return root.toString();
    }

    private static String icon(AlertDecision decision) {
        if (decision.kind() == AlertDecision.Kind.RESOLVED) {
            return ":white_check_mark:";
        }
        return switch (decision.finding().severity()) {
            case CRITICAL -> ":rotating_light:";
            case WARNING -> ":warning:";
            case INFO -> ":information_source:";
        };
    }
}
