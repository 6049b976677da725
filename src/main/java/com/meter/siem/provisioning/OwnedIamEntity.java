package com.meter.siem.provisioning;

import com.meter.siem.integration.PolicyDocuments;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The role or the write policy, kept the one way both must be kept: read; created only after its undo is
 * journaled; refused when this stack did not make it; its document and tags brought to the spec; removed by a
 * rollback only while it is still ours.
 *
 * @param <T> how the gateway describes it
 */
abstract sealed class OwnedIamEntity<T extends IamGateway.Entity> permits OwnedPolicy, OwnedRole {
    private final String kind;
    final String name;
    final Ownership owner;

    OwnedIamEntity(String kind, String name, Ownership owner) {
        this.kind = kind;
        this.name = name;
        this.owner = owner;
    }

    abstract Optional<T> describe();

    /** @return its ARN */
    abstract String create(String document, Map<String, String> tags);

    /** Why an entity of this name that the stack did not make is refused, and what the user can do. */
    abstract String refusal();

    /** Called only when the document differs; enters its own progress steps. */
    abstract void replaceDocument(T existing, String document, Progress progress);

    abstract void delete();

    abstract void tag(Map<String, String> tags);

    abstract void untag(Set<String> keys);

    /** Makes sure that what follows may change the entity: called before any change to an existing one. */
    void makeChangeable(T existing, Progress progress) {
    }

    /**
     * @param tags the user's tags; the owner's are added
     * @param retiredTagKeys keys the previous properties set: removed unless still wanted
     * @return its ARN
     */
    final String ensure(String document, Map<String, String> tags, Set<String> retiredTagKeys, Progress progress,
                        Journal journal) {
        Map<String, String> desired = new HashMap<>(tags);
        desired.putAll(owner.ownerTags());
        progress.enter("read %s %s".formatted(kind, name));
        Optional<T> existing = describe();
        if (existing.isEmpty()) {
            progress.enter("create %s %s".formatted(kind, name));
            journal.creating(kind + " " + name, this::removeIfOwned);
            return create(document, desired);
        }
        T entity = existing.get();
        if (!owner.owns(entity.tags())) {
            throw new ProvisioningException(progress.step(), refusal(), null);
        }
        makeChangeable(entity, progress);
        if (!PolicyDocuments.sameDocument(entity.document(), document)) {
            replaceDocument(entity, document, progress);
        }
        convergeTags(entity.tags(), desired, retiredTagKeys, progress);
        return entity.arn();
    }

    /** The entity, if it exists and this stack made it. */
    final Optional<T> owned() {
        return describe().filter(entity -> owner.owns(entity.tags()));
    }

    private boolean removeIfOwned() {
        if (owned().isEmpty()) {
            return false;
        }
        delete();
        return true;
    }

    /** Adds the tags it lacks; removes the keys the previous properties set, the new ones do not, and it carries. */
    private void convergeTags(Map<String, String> current, Map<String, String> desired, Set<String> retiredTagKeys,
                              Progress progress) {
        if (!current.entrySet().containsAll(desired.entrySet())) {
            progress.enter("tag %s %s".formatted(kind, name));
            tag(desired);
        }
        Set<String> retired = new TreeSet<>(retiredTagKeys);
        retired.retainAll(current.keySet());
        retired.removeAll(desired.keySet());
        if (!retired.isEmpty()) {
            progress.enter("remove %s tags %s".formatted(kind, retired));
            untag(retired);
        }
    }
}
