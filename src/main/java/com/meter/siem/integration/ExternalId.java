package com.meter.siem.integration;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The secret that Meter presents when it assumes the role. Wrapped so that no record, log line or
 * exception can print it by accident: {@link #toString()} never shows the value.
 */
public final class ExternalId {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int GENERATED_BYTES = 32;
    /** STS accepts 2 to 1224 of these characters; a supplied ID must also be long enough not to be guessed. */
    private static final Pattern ACCEPTED = Pattern.compile("[\\w+=,.@:/-]{32,1224}");
    /** What {@link #fitsSts} accepts, for error messages. */
    public static final String RULE = "32 to 1224 letters, digits or _+=,.@:/-";

    private final String value;

    private ExternalId(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static ExternalId of(String value) {
        return new ExternalId(value);
    }

    /** 32 random bytes as 64 hex characters, as {@code openssl rand -hex 32} prints them. */
    public static ExternalId generate() {
        byte[] bytes = new byte[GENERATED_BYTES];
        RANDOM.nextBytes(bytes);
        return new ExternalId(HexFormat.of().formatHex(bytes));
    }

    /** Whether STS takes VALUE as an external ID, and it is long enough. */
    public static boolean fitsSts(String value) {
        return ACCEPTED.matcher(value).matches();
    }

    /** The clear value, for the only two places that need it: the trust policy and the secret. */
    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ExternalId that && value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "ExternalId[redacted]";
    }
}
