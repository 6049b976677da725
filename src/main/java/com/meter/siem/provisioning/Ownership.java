package com.meter.siem.provisioning;

import java.util.Map;

/**
 * Which resources this custom resource may change or delete. Everything it creates carries two tags
 * naming the stack and the logical resource; a resource without them (made by hand, by another stack,
 * or adopted) is never deleted.
 */
public record Ownership(String stackId, String logicalResourceId) {
    public static final String TAG_PREFIX = "meter-siem:";
    static final String STACK_TAG = TAG_PREFIX + "stack-id";
    static final String LOGICAL_ID_TAG = TAG_PREFIX + "logical-id";
    /** Marks a stream this stack manages but did not create, for people reading its tags. */
    static final String ADOPTED_BY_TAG = TAG_PREFIX + "adopted-by-stack-id";
    private static final String STACK_NAME_PREFIX = ":stack/";

    /** The stack's name, from its id, arn:PARTITION:cloudformation:REGION:ACCOUNT:stack/NAME/ID. */
    String stackName() {
        int start = stackId.indexOf(STACK_NAME_PREFIX) + STACK_NAME_PREFIX.length();
        int end = stackId.indexOf('/', start);
        return end < 0 ? stackId.substring(start) : stackId.substring(start, end);
    }

    public Map<String, String> ownerTags() {
        return Map.of(STACK_TAG, stackId, LOGICAL_ID_TAG, logicalResourceId);
    }

    public Map<String, String> adoptionTags() {
        return Map.of(ADOPTED_BY_TAG, stackId);
    }

    /** Whether this stack adopted the stream earlier: it goes on managing it, never deleting it. */
    boolean adopted(Map<String, String> tags) {
        return stackId.equals(tags.get(ADOPTED_BY_TAG));
    }

    public boolean owns(Map<String, String> tags) {
        return stackId.equals(tags.get(STACK_TAG)) && logicalResourceId.equals(tags.get(LOGICAL_ID_TAG));
    }

    /**
     * Whether an earlier stack of the same name, in this account and region, created the resource as this
     * logical id: a stack deleted and deployed again gets a new stack id but keeps its name.
     */
    boolean ownedByEarlierStackOfThisName(Map<String, String> tags) {
        String tagged = tags.get(STACK_TAG);
        String name = stackId.substring(0, stackId.lastIndexOf('/') + 1);
        return tagged != null && !tagged.equals(stackId) && tagged.startsWith(name)
                && tagged.indexOf('/', name.length()) < 0 && logicalResourceId.equals(tags.get(LOGICAL_ID_TAG));
    }
}
