package com.meter.siem.provisioning;

import com.meter.siem.integration.ExternalId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link SecretGateway} over secrets held in memory, moving the staging labels as Secrets Manager documents it:
 * AWSPREVIOUS follows AWSCURRENT's old version, DescribeSecret lists only versions that carry a label, and a
 * version that lost its last label still refuses another value under its id until Secrets Manager removes it.
 * The name of a secret scheduled for deletion stays taken until its recovery window ends, so CreateSecret is
 * refused for it after the gateway's wait; one deleted without recovery is released moments later.
 */
final class InMemorySecrets implements SecretGateway {
    private static final class Stored {
        final String arn;
        final Map<String, String> tags = new HashMap<>();
        final Map<String, ExternalId> values = new LinkedHashMap<>();
        final Map<String, List<String>> stages = new LinkedHashMap<>();
        boolean scheduled;
        String policy;

        Stored(String arn) {
            this.arn = arn;
        }
    }

    private final Map<String, Stored> secrets = new HashMap<>();
    private final List<String> writes = new ArrayList<>();
    private final List<String> released = new ArrayList<>();
    private String failing = "";

    /** A secret the user made, with VALUE current. */
    String userSecret(String name, ExternalId value) {
        String arn = create(name, "user-1", value, "", Map.of());
        writes.clear();
        return arn;
    }

    /** The user's PutSecretValue. */
    void userPut(String arn, ExternalId value) {
        put(arn, "user-" + (byArn(arn).values.size() + 1), value);
        writes.clear();
    }

    /**
     * A secret scheduled for deletion before this test's calls, with these tags; {@code forceDeleted}: deleted
     * without recovery, so that Secrets Manager releases its name moments later.
     */
    void scheduledSecret(String name, ExternalId value, Map<String, String> tags, boolean forceDeleted) {
        String arn = create(name, "earlier-1", value, "", tags);
        delete(arn);
        if (forceDeleted) {
            released.add(name);
        }
        writes.clear();
    }

    /** The next call of this operation (DescribeSecret, GetSecretValue, GetResourcePolicy or a write) fails. */
    void failOn(String operation) {
        failing = operation;
    }

    /** The calls that changed a secret, by operation, since the start or the user's last change. */
    List<String> writes() {
        return List.copyOf(writes);
    }

    boolean scheduled(String nameOrArn) {
        return find(nameOrArn).scheduled;
    }

    @Override
    public Optional<Secret> describe(String nameOrArn) {
        call("DescribeSecret");
        Stored secret = secrets.get(nameOrArn) != null ? secrets.get(nameOrArn) : secrets.values().stream()
                .filter(s -> s.arn.equals(nameOrArn)).findFirst().orElse(null);
        if (secret == null) {
            return Optional.empty();
        }
        Map<String, List<String>> labelled = new LinkedHashMap<>();
        secret.stages.forEach((id, stages) -> {
            if (!stages.isEmpty()) {
                labelled.put(id, List.copyOf(stages));
            }
        });
        return Optional.of(new Secret(secret.arn, secret.tags, secret.scheduled, labelled));
    }

    @Override
    public String create(String name, String versionId, ExternalId value, String description,
                         Map<String, String> tags) {
        call("CreateSecret");
        if (secrets.containsKey(name) && secrets.get(name).scheduled && !released.remove(name)) {
            throw new Propagation.NotYetPropagatedException(new Propagation(List.of(Duration.ofSeconds(1))),
                    new IllegalStateException("InvalidRequestException: a secret with this name is already"
                            + " scheduled for deletion"));
        }
        if (secrets.containsKey(name) && !secrets.get(name).scheduled) {
            throw new IllegalStateException("secret " + name + " exists");
        }
        Stored secret = new Stored("arn:aws:secretsmanager:us-east-1:123456789012:secret:" + name + "-AbCdEf");
        secret.tags.putAll(tags);
        secret.values.put(versionId, value);
        secret.stages.put(versionId, new ArrayList<>(List.of(CURRENT)));
        secrets.put(name, secret);
        writes.add("CreateSecret");
        return secret.arn;
    }

    @Override
    public void restore(String arn) {
        call("RestoreSecret");
        byArn(arn).scheduled = false;
        writes.add("RestoreSecret");
    }

    @Override
    public void tag(String arn, Map<String, String> tags) {
        call("TagResource");
        byArn(arn).tags.putAll(tags);
        writes.add("TagResource");
    }

    @Override
    public Optional<String> policy(String arn) {
        call("GetResourcePolicy");
        return Optional.ofNullable(byArn(arn).policy);
    }

    @Override
    public void putPolicy(String arn, String policy) {
        call("PutResourcePolicy");
        byArn(arn).policy = policy;
        writes.add("PutResourcePolicy");
    }

    @Override
    public Optional<Version> read(String arn, String stage) {
        call("GetSecretValue");
        Stored secret = byArn(arn);
        if (secret.scheduled) {
            throw new ScheduledForDeletionException(null);
        }
        return secret.stages.entrySet().stream().filter(version -> version.getValue().contains(stage)).findFirst()
                .map(version -> new Version(version.getKey(), secret.values.get(version.getKey()), Instant.EPOCH));
    }

    @Override
    public void put(String arn, String versionId, ExternalId value) {
        call("PutSecretValue");
        Stored secret = byArn(arn);
        if (secret.values.containsKey(versionId)) {
            if (!secret.values.get(versionId).equals(value)) {
                throw new VersionExistsException(null);
            }
            return;
        }
        secret.values.put(versionId, value);
        secret.stages.put(versionId, new ArrayList<>());
        moveCurrent(secret, versionId);
        writes.add("PutSecretValue");
    }

    @Override
    public void makeCurrent(String arn, String versionId, String currentVersionId) {
        call("UpdateSecretVersionStage");
        moveCurrent(byArn(arn), versionId);
        writes.add("UpdateSecretVersionStage");
    }

    @Override
    public void delete(String arn) {
        call("DeleteSecret");
        byArn(arn).scheduled = true;
        writes.add("DeleteSecret");
    }

    @Override
    public void deleteNow(String arn) {
        secrets.values().removeIf(secret -> secret.arn.equals(arn));
        writes.add("DeleteSecret");
    }

    private void call(String operation) {
        if (operation.equals(failing)) {
            failing = "";
            throw new IllegalStateException("InternalServiceError: " + operation + " failed");
        }
    }

    private static void moveCurrent(Stored secret, String versionId) {
        String current = secret.stages.entrySet().stream().filter(v -> v.getValue().contains(CURRENT))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        secret.stages.values().forEach(stages -> stages.remove(PREVIOUS));
        secret.stages.get(current).remove(CURRENT);
        secret.stages.get(current).add(PREVIOUS);
        secret.stages.get(versionId).remove(PREVIOUS);
        secret.stages.get(versionId).add(CURRENT);
    }

    private Stored byArn(String arn) {
        return secrets.values().stream().filter(secret -> secret.arn.equals(arn)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no secret " + arn));
    }

    private Stored find(String nameOrArn) {
        return secrets.containsKey(nameOrArn) ? secrets.get(nameOrArn) : byArn(nameOrArn);
    }
}
