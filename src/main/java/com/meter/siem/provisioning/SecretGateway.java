package com.meter.siem.provisioning;

import com.meter.siem.integration.ExternalId;
import com.meter.siem.integration.ExternalIdSecrets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The Secrets Manager calls provisioning needs, in domain terms. */
public interface SecretGateway extends ExternalIdSecrets {
    /**
     * @param scheduledForDeletion whether Secrets Manager shows a DeletedDate: the value cannot be read or written
     * @param stagesByVersionId the staging labels of each version, by version id
     */
    record Secret(String arn, Map<String, String> tags, boolean scheduledForDeletion,
                  Map<String, List<String>> stagesByVersionId) {
        public Secret {
            tags = Map.copyOf(tags);
            stagesByVersionId = Map.copyOf(stagesByVersionId);
        }

        /** The id of the version that carries the label, or null. */
        public String versionWith(String stage) {
            return stagesByVersionId.entrySet().stream().filter(version -> version.getValue().contains(stage))
                    .map(Map.Entry::getKey).findFirst().orElse(null);
        }
    }

    Optional<Secret> describe(String nameOrArn);

    /**
     * Retries while Secrets Manager refuses the name because a secret of that name is scheduled for deletion:
     * one deleted without recovery is removed in the background, moments later.
     *
     * @param versionId the first version's id
     * @throws Propagation.NotYetPropagatedException when the name is still refused after the last attempt
     */
    String create(String name, String versionId, ExternalId value, String description, Map<String, String> tags);

    /** Cancels the secret's scheduled deletion. */
    void restore(String arn);

    void tag(String arn, Map<String, String> tags);

    /** The resource policy, or empty when the secret has none. */
    Optional<String> policy(String arn);

    void putPolicy(String arn, String policy);

    /**
     * Stores VALUE as version VERSION_ID and makes it current; the version that was current becomes previous.
     *
     * @throws VersionExistsException when a version of that id holds another value: one that lost its last label,
     *         which DescribeSecret no longer lists but Secrets Manager has not removed yet
     */
    void put(String arn, String versionId, ExternalId value);

    /** Moves the current label from one version to another; the one it leaves becomes previous. */
    void makeCurrent(String arn, String versionId, String currentVersionId);

    /** Schedules the deletion after Secrets Manager's shortest recovery window, during which it can be restored. */
    void delete(String arn);

    /** Deletes at once, without a recovery window: for a secret whose ID nobody can have used yet. */
    void deleteNow(String arn);

    /** Secrets Manager refused to store a value under a version id that holds another one. */
    final class VersionExistsException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public VersionExistsException(Throwable cause) {
            super(cause);
        }
    }
}
