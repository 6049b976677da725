package com.meter.siem.provisioning;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The secret that Meter presents when it assumes the role. Wrapped so that no record, log line or
 * exception can print it by accident: {@link #toString()} never shows the value.
 */
public final class ExternalId {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int GENERATED_BYTES = 32;

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
