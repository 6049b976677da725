package com.meter.siem.integration;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The shard-level metrics a stream can enable, by the names Kinesis reports: the provisioner enables those the
 * parameter lists, and the health checker expects exactly those enabled.
 */
public final class ShardLevelMetrics {
    public static final Set<String> NAMES = Set.of(
            "IncomingBytes", "IncomingRecords", "OutgoingBytes", "OutgoingRecords",
            "WriteProvisionedThroughputExceeded", "ReadProvisionedThroughputExceeded", "IteratorAgeMilliseconds");
    /** What the parameter accepts for all of them; Kinesis never reports it back as such. */
    public static final String ALL = "ALL";
    /** What a list may hold, for the message about a name it may not. */
    public static final String ALLOWED = String.join(", ", new TreeSet<>(NAMES)) + ", or " + ALL;

    private ShardLevelMetrics() {
    }

    /**
     * The metrics a list of names enables, with ALL expanded to the names Kinesis reports, so that the
     * expected set compares with what it reports.
     *
     * @param unknown given each name that is neither a metric nor ALL
     */
    public static Set<String> enabledBy(Iterable<String> names, Consumer<String> unknown) {
        Set<String> metrics = new LinkedHashSet<>();
        for (String name : names) {
            if (name.equals(ALL)) {
                metrics.addAll(NAMES);
            } else if (NAMES.contains(name)) {
                metrics.add(name);
            } else {
                unknown.accept(name);
            }
        }
        return metrics;
    }
}
