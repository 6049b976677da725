package com.meter.siem.aws;

import com.meter.siem.integration.ExternalId;
import com.meter.siem.provisioning.Propagation;
import com.meter.siem.provisioning.SecretGateway;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/** {@link SecretGateway} on the Secrets Manager API, encrypted with the account's default key. */
public final class SecretsManagerSecrets implements SecretGateway {
    /**
     * Secrets Manager removes a secret deleted without recovery in the background, and until then refuses
     * its name; its API reference asks callers to back off and retry. Half a minute covers that removal.
     */
    public static final Propagation NAME_RELEASE = new Propagation(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2),
            Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(15)));
    /** The shortest window DeleteSecret allows. */
    static final long RECOVERY_WINDOW_DAYS = 7;

    private final SecretsManagerClient secrets;
    private final Propagation nameRelease;

    public SecretsManagerSecrets(SecretsManagerClient secrets) {
        this(secrets, NAME_RELEASE);
    }

    /** @param nameRelease how long to wait for the name of a secret scheduled for deletion to be released */
    public SecretsManagerSecrets(SecretsManagerClient secrets, Propagation nameRelease) {
        this.secrets = secrets;
        this.nameRelease = nameRelease;
    }

    @Override
    public Optional<Secret> describe(String nameOrArn) {
        try {
            var secret = secrets.describeSecret(r -> r.secretId(nameOrArn));
            return Optional.of(new Secret(secret.arn(),
                    Tags.toMap(secret.tags(), Tag::key, Tag::value),
                    secret.deletedDate() != null, secret.versionIdsToStages()));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public String create(String name, String versionId, ExternalId value, String description,
                         Map<String, String> tags) {
        return nameRelease.retry(() -> secrets.createSecret(r -> r.name(name).clientRequestToken(versionId)
                        .secretString(value.reveal()).description(description).tags(tagList(tags))).arn(),
                SecretsManagerSecrets::isScheduledForDeletion);
    }

    @Override
    public void restore(String arn) {
        secrets.restoreSecret(r -> r.secretId(arn));
    }

    @Override
    public void tag(String arn, Map<String, String> tags) {
        secrets.tagResource(r -> r.secretId(arn).tags(tagList(tags)));
    }

    @Override
    public Optional<String> policy(String arn) {
        return Optional.ofNullable(secrets.getResourcePolicy(r -> r.secretId(arn)).resourcePolicy());
    }

    /** Secrets Manager refuses a policy that would make the secret public: ours only denies. */
    @Override
    public void putPolicy(String arn, String policy) {
        secrets.putResourcePolicy(r -> r.secretId(arn).resourcePolicy(policy).blockPublicPolicy(true));
    }

    @Override
    public Optional<Version> read(String arn, String stage) {
        try {
            var version = refusedWhenScheduled(() -> secrets.getSecretValue(r -> r.secretId(arn).versionStage(stage)));
            return Optional.of(new Version(version.versionId(), ExternalId.of(version.secretString()),
                    version.createdDate()));
        } catch (ResourceNotFoundException noSuchVersion) {
            return Optional.empty();
        }
    }

    @Override
    public void put(String arn, String versionId, ExternalId value) {
        try {
            secrets.putSecretValue(r -> r.secretId(arn).clientRequestToken(versionId).secretString(value.reveal()));
        } catch (ResourceExistsException otherValue) {
            throw new VersionExistsException(otherValue);
        }
    }

    @Override
    public void makeCurrent(String arn, String versionId, String currentVersionId) {
        secrets.updateSecretVersionStage(r -> r.secretId(arn).versionStage(CURRENT).moveToVersionId(versionId)
                .removeFromVersionId(currentVersionId));
    }

    @Override
    public void delete(String arn) {
        try {
            secrets.deleteSecret(r -> r.secretId(arn).recoveryWindowInDays(RECOVERY_WINDOW_DAYS));
        } catch (ResourceNotFoundException alreadyGone) {
            // the state we want
        } catch (InvalidRequestException refused) {
            if (!isScheduledForDeletion(refused)) {
                throw refused;
            }
            // scheduled by a concurrent Delete: the state we want
        }
    }

    @Override
    public void deleteNow(String arn) {
        try {
            secrets.deleteSecret(r -> r.secretId(arn).forceDeleteWithoutRecovery(true));
        } catch (ResourceNotFoundException alreadyGone) {
            // the state we want
        }
    }

    private static List<Tag> tagList(Map<String, String> tags) {
        return Tags.toList(tags, (key, value) -> Tag.builder().key(key).value(value).build());
    }

    private static <T> T refusedWhenScheduled(Supplier<T> call) {
        try {
            return call.get();
        } catch (InvalidRequestException refused) {
            if (isScheduledForDeletion(refused)) {
                throw new ScheduledForDeletionException(refused);
            }
            throw refused;
        }
    }

    /**
     * InvalidRequestException has other causes (rotation, secrets managed by other services); only its
     * message tells a secret marked for deletion ("...scheduled for deletion", "...marked for deletion").
     */
    private static boolean isScheduledForDeletion(RuntimeException failure) {
        if (!(failure instanceof InvalidRequestException refused) || refused.awsErrorDetails() == null
                || refused.awsErrorDetails().errorMessage() == null) {
            return false;
        }
        String message = refused.awsErrorDetails().errorMessage().toLowerCase(Locale.ROOT);
        return message.contains("for deletion") || message.contains("marked deleted");
    }
}
