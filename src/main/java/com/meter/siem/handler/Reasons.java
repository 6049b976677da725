package com.meter.siem.handler;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.regex.Pattern;

/** Makes a failure reason safe to send and to log: secrets masked, and short enough for CloudFormation. */
final class Reasons {
    static final String MASK = "****";
    /**
     * The value of an {@code sts:ExternalId} condition in a policy document that an AWS error message echoes,
     * as JSON or URL-encoded JSON (IAM's form): one string or a list of them.
     */
    private static final Pattern CONDITION_VALUE = Pattern.compile(
            "(?i)(sts:ExternalId\"?\\s*:\\s*)(\"[^\"]*\"|\\[[^\\]]*])");
    private static final Pattern ENCODED_CONDITION_VALUE = Pattern.compile(
            "(?i)(sts%3AExternalId%22(?:%20|\\+)*%3A(?:%20|\\+)*)(%22.*?%22|%5B.*?%5D)");

    private Reasons() {
    }

    /** TEXT with every one of SECRETS, and any external ID condition value it quotes, masked. */
    static String redact(String text, Collection<String> secrets) {
        String safe = CONDITION_VALUE.matcher(text).replaceAll("$1\"" + MASK + "\"");
        safe = ENCODED_CONDITION_VALUE.matcher(safe).replaceAll("$1%22" + MASK + "%22");
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                safe = safe.replace(secret, MASK);
            }
        }
        return safe;
    }

    /** Cuts at a character boundary so the UTF-8 encoding is at most {@code maxBytes}. */
    static String truncate(String text, int maxBytes) {
        if (text.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
            return text;
        }
        String suffix = "... (truncated; see the function's log)";
        int budget = maxBytes - suffix.length();
        StringBuilder out = new StringBuilder();
        int used = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            if (used + size > budget) {
                break;
            }
            out.appendCodePoint(codePoint);
            used += size;
            i += Character.charCount(codePoint);
        }
        return out + suffix;
    }
}
