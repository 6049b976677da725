package com.meter.siem.provisioning;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The UpdateShardCount calls this stack made on a stream in the last 24 hours, kept in a tag on the
 * stream itself (the function keeps no state, and the stream is what the limit is counted on), and
 * the shard count the latest scaling Update started from in its properties.
 *
 * <p>Kinesis allows ten UpdateShardCount calls per stream in any 24 hours. Calls made outside this
 * stack are not in the record; AWS's refusal is how they become known.
 *
 * @param backOutCount the shard count the old properties of the latest scaling Update asked for: what
 *                     CloudFormation's rollback of that Update asks for again; 0 when none is recorded
 * @param calls        the recorded calls of the last 24 hours, oldest first
 */
record ScalingRecord(int backOutCount, List<Instant> calls) {
    static final String TAG_KEY = Ownership.TAG_PREFIX + "shard-count-changes";
    static final int CALLS_PER_DAY = 10;
    static final Duration WINDOW = Duration.ofHours(24);

    ScalingRecord {
        calls = List.copyOf(calls);
    }

    /** Reads the tag, keeping the calls still inside the window; an unreadable tag counts as no record. */
    static ScalingRecord read(Map<String, String> tags, Instant now) {
        String value = tags.getOrDefault(TAG_KEY, "");
        int backOut = 0;
        List<Instant> calls = new ArrayList<>();
        for (String field : value.strip().split(" +")) {
            try {
                if (field.startsWith("from=")) {
                    backOut = Integer.parseInt(field.substring("from=".length()));
                } else if (!field.isEmpty()) {
                    Instant call = Instant.ofEpochSecond(Long.parseLong(field.startsWith("at=")
                            ? field.substring("at=".length()) : field));
                    if (call.isAfter(now.minus(WINDOW))) {
                        calls.add(call);
                    }
                }
            } catch (NumberFormatException notOurs) {
                // Hand-edited: the calls that remain readable still count.
            }
        }
        calls.sort(null);
        return new ScalingRecord(calls.isEmpty() ? 0 : backOut, calls);
    }

    int remaining() {
        return Math.max(0, CALLS_PER_DAY - calls.size());
    }

    /** Whether an Update asking for {@code shardCount} undoes the latest scaling Update of the last 24 hours. */
    boolean isBackOut(int shardCount) {
        return !calls.isEmpty() && backOutCount > 0 && shardCount == backOutCount;
    }

    /** When at least {@code needed} calls are free again, as the recorded calls leave the window. */
    Instant freeFor(int needed, Instant now) {
        int toExpire = needed - remaining();
        return toExpire <= 0 ? now : calls.get(toExpire - 1).plus(WINDOW);
    }

    /** This record with one more call, made now by an Update whose old properties asked for {@code backOutCount}. */
    ScalingRecord withCall(int backOutCount, Instant now) {
        List<Instant> kept = new ArrayList<>(calls);
        kept.add(now);
        // A tag value holds 256 characters; more than a day's allowance says nothing more.
        return new ScalingRecord(backOutCount, kept.subList(Math.max(0, kept.size() - CALLS_PER_DAY), kept.size()));
    }

    /** The tag value: letters, digits, '=' and spaces only, as Kinesis tag values allow. */
    String tagValue() {
        StringBuilder value = new StringBuilder("from=").append(backOutCount).append(" at=");
        for (int i = 0; i < calls.size(); i++) {
            value.append(i == 0 ? "" : " ").append(calls.get(i).getEpochSecond());
        }
        return value.toString();
    }
}
