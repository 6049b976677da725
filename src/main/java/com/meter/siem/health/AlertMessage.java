package com.meter.siem.health;

import java.util.List;

/**
 * One message for one stream and one run.
 *
 * @param text the plain-text body, for email and SMS
 * @param chatNotification the same finding as an AWS Chatbot custom notification (JSON)
 * @param checks the checks the message is about, for subscription filter policies
 * @param state FAILING, REMINDER or RESOLVED: the most pressing of the message's findings
 */
public record AlertMessage(
        String subject,
        String text,
        String chatNotification,
        Severity severity,
        String state,
        String streamName,
        List<String> checks,
        String dedupKey) {

    public AlertMessage {
        checks = List.copyOf(checks);
    }
}
