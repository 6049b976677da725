package com.meter.siem.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.Tag;

class TagsTest {
    private final List<String> startKeys = new ArrayList<>();

    @Test
    void allPages_whenHasMoreTags_asksAfterEachPagesLastKeyUntilTheLastPage() {
        Map<String, String> tags = Tags.allPages(after -> page(after, List.of(List.of(tag("a"), tag("b")),
                List.of(tag("c"), tag("d")), List.of(tag("e")))), Tag::key, Tag::value);

        assertEquals(Arrays.asList(null, "b", "d"), startKeys);
        assertEquals(Map.of("a", "a-value", "b", "b-value", "c", "c-value", "d", "d-value", "e", "e-value"), tags);
    }

    @Test
    void allPages_whenAPageIsEmpty_stopsThoughHasMoreTagsSaysMore() {
        Map<String, String> tags = Tags.allPages(after -> {
            startKeys.add(after);
            return new Tags.Page<>(List.<Tag>of(), true);
        }, Tag::key, Tag::value);

        assertEquals(Arrays.asList((String) null), startKeys);
        assertEquals(Map.of(), tags);
    }

    @Test
    void allPages_whenHasMoreTagsIsLeftOut_readsOnePage() {
        Map<String, String> tags = Tags.allPages(after -> {
            startKeys.add(after);
            return new Tags.Page<>(List.of(tag("a")), null);
        }, Tag::key, Tag::value);

        assertEquals(Arrays.asList((String) null), startKeys);
        assertEquals(Map.of("a", "a-value"), tags);
    }

    @Test
    void toMap_whenAValueIsMissingOrAKeyRepeats_readsEmptyAndKeepsTheLast() {
        List<Tag> tags = List.of(Tag.builder().key("empty").build(), tag("twice"),
                Tag.builder().key("twice").value("later").build());

        assertEquals(Map.of("empty", "", "twice", "later"), Tags.toMap(tags, Tag::key, Tag::value));
    }

    @Test
    void toList_whenGivenAMap_buildsOneTagPerEntry() {
        List<Tag> tags = Tags.toList(Map.of("owner", "stack-a"), (key, value) -> Tag.builder().key(key).value(value)
                .build());

        assertEquals(List.of(tag("owner", "stack-a")), tags);
    }

    /** The page after {@code after} of these pages, each page but the last saying there are more. */
    private Tags.Page<Tag> page(String after, List<List<Tag>> pages) {
        startKeys.add(after);
        int index = after == null ? 0 : 1 + pages.stream().map(p -> p.getLast().key()).toList().indexOf(after);
        return new Tags.Page<>(pages.get(index), index < pages.size() - 1);
    }

    private static Tag tag(String key) {
        return tag(key, key + "-value");
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }
}
