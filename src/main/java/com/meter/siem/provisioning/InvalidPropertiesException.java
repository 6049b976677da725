package com.meter.siem.provisioning;

import java.util.List;

/** The resource's properties break one or more rules; each problem names the property. */
public final class InvalidPropertiesException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public InvalidPropertiesException(List<String> problems) {
        super("Invalid properties: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
