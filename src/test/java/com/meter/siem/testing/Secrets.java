package com.meter.siem.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every secret the tests handle: external IDs, supplied or generated, and the response URL's signature.
 * Tests assert that answers and messages never contain one; the build then scans everything the whole
 * suite logged for them (scripts/check-secret-hygiene reads target/test-secrets.txt).
 */
public final class Secrets {
    private static final Path FILE = Path.of("target", "test-secrets.txt");
    private static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();

    private Secrets() {
    }

    public static void remember(String secret) {
        if (secret == null || secret.isBlank() || !KNOWN.add(secret)) {
            return;
        }
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, secret + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails naming where, but never printing the secret itself. */
    public static void assertAbsentIn(String text, String where) {
        for (String secret : KNOWN) {
            if (text.contains(secret)) {
                throw new AssertionError("a secret (" + secret.length() + " characters) appears in " + where);
            }
        }
    }
}
