package com.meter.siem.aws;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The domain's tags, a map, to and from the services' tag lists: each service generates its own Tag class,
 * with no type in common, so the callers say how to read and build theirs.
 */
final class Tags {
    /** One answer of a tag listing that pages by key; {@code hasMore} is null when the service leaves it out. */
    record Page<T>(List<T> tags, Boolean hasMore) {
    }

    private Tags() {
    }

    /** Kinesis and Firehose tag values are optional: a missing one reads as ""; a repeated key keeps its last. */
    static <T> Map<String, String> toMap(Collection<T> tags, Function<T, String> key, Function<T, String> value) {
        Map<String, String> map = new HashMap<>();
        for (T tag : tags) {
            String text = value.apply(tag);
            map.put(key.apply(tag), text == null ? "" : text);
        }
        return map;
    }

    static <T> List<T> toList(Map<String, String> tags, BiFunction<String, String, T> tag) {
        return tags.entrySet().stream().map(entry -> tag.apply(entry.getKey(), entry.getValue())).toList();
    }

    /**
     * Every page of Kinesis's ListTagsForStream or Firehose's ListTagsForDeliveryStream: each request asks for
     * the tags after the previous page's last key (null for the first), while HasMoreTags says there are more.
     * An empty page ends it too, having no last key to go on from.
     */
    static <T> Map<String, String> allPages(Function<String, Page<T>> pageAfter, Function<T, String> key,
                                            Function<T, String> value) {
        List<T> tags = new ArrayList<>();
        Page<T> page = pageAfter.apply(null);
        tags.addAll(page.tags());
        while (Boolean.TRUE.equals(page.hasMore()) && !page.tags().isEmpty()) {
            page = pageAfter.apply(key.apply(page.tags().getLast()));
            tags.addAll(page.tags());
        }
        return toMap(tags, key, value);
    }
}
