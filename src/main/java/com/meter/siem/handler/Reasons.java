package com.meter.siem.handler;

import java.nio.charset.StandardCharsets;
import java.util.Collection;

/** Makes a failure reason safe to send and to log: secrets masked, and short enough for CloudFormation. */
final class Reasons {
    static final String MASK = "****";

    private Reasons() {
    }

    static String redact(String text, Collection<String> secrets) {
        String safe = text;
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
