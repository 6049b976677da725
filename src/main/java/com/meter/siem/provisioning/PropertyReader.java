package com.meter.siem.provisioning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads a custom resource's properties as CloudFormation sends them (every scalar a string), collecting
 * every problem rather than stopping at the first, each naming the property and what it accepts.
 */
final class PropertyReader {
    private final Map<String, Object> raw;
    private final Map<String, String> defaults;
    private final List<String> problems = new ArrayList<>();

    PropertyReader(Map<String, Object> raw, Map<String, String> defaults) {
        this.raw = raw == null ? Map.of() : raw;
        this.defaults = defaults;
    }

    /** The property as given, or its default when absent. */
    Object value(String name) {
        return raw.containsKey(name) ? raw.get(name) : defaults.get(name);
    }

    void problem(String problem) {
        problems.add(problem);
    }

    /** @throws InvalidPropertiesException listing every problem found, if there is one */
    void throwIfInvalid() {
        if (!problems.isEmpty()) {
            throw new InvalidPropertiesException(problems);
        }
    }

    String text(String name) {
        Object value = value(name);
        if (value == null) {
            return null;
        }
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value.toString().strip();
        }
        problems.add("%s: must be a single value, got a %s".formatted(name, describeType(value)));
        return null;
    }

    String matching(String name, Pattern pattern, String allowed) {
        String value = text(name);
        if (value != null && !pattern.matcher(value).matches()) {
            problems.add("%s: must be %s; got '%s'".formatted(name, allowed, printable(value)));
        }
        return value;
    }

    String required(String name, Pattern pattern, String allowed) {
        Object value = raw.get(name);
        if (value == null || value.toString().isBlank()) {
            problems.add("%s: is required; must be %s".formatted(name, allowed));
            return null;
        }
        return matching(name, pattern, allowed);
    }

    int wholeNumber(String name, int min, int max) {
        String value = text(name);
        if (value == null) {
            return min;
        }
        String range = max == Integer.MAX_VALUE ? "a whole number of at least " + min
                : "a whole number from %d to %d".formatted(min, max);
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException notANumber) {
            // reported below with the allowed range
        }
        problems.add("%s: must be %s; got '%s'".formatted(name, range, printable(value)));
        return min;
    }

    boolean bool(String name) {
        String value = text(name);
        if ("true".equalsIgnoreCase(value)) {
            return true;
        }
        if (value != null && !"false".equalsIgnoreCase(value)) {
            problems.add("%s: must be true or false; got '%s'".formatted(name, printable(value)));
        }
        return false;
    }

    <E extends Enum<E>> E oneOf(String name, Class<E> type) {
        String value = text(name);
        E[] constants = type.getEnumConstants();
        for (E constant : constants) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        if (value != null) {
            problems.add("%s: must be one of %s; got '%s'".formatted(name,
                    Arrays.stream(constants).map(Enum::name).collect(Collectors.joining(", ")), printable(value)));
        }
        return constants[0];
    }

    void rejectUnknown(Set<String> accepted) {
        Set<String> unknown = new TreeSet<>(raw.keySet());
        unknown.removeAll(accepted);
        if (!unknown.isEmpty()) {
            problems.add("unknown %s %s; accepted properties are %s".formatted(
                    unknown.size() == 1 ? "property" : "properties",
                    unknown.stream().map(PropertyReader::printable).collect(Collectors.joining(", ")),
                    String.join(", ", new TreeSet<>(accepted))));
        }
    }

    /** Quotes user input in an error safely: bounded, and with control characters made visible. */
    static String printable(String value) {
        String shortened = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        return shortened.codePoints()
                .mapToObj(c -> Character.isISOControl(c) ? "\\u%04x".formatted(c) : Character.toString(c))
                .collect(Collectors.joining());
    }

    static String describeType(Object value) {
        return value == null ? "null" : value instanceof Map ? "map" : value instanceof Collection ? "list"
                : value.getClass().getSimpleName();
    }
}
