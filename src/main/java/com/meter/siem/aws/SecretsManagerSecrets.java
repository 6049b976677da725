package com.meter.siem.aws;

import com.meter.siem.provisioning.ExternalId;
import com.meter.siem.provisioning.Propagation;
import com.meter.siem.provisioning.SecretGateway;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
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
    public Optional<Secret> describe(String name) {
        try {
            var secret = secrets.describeSecret(r -> r.secretId(name));
            return Optional.of(new Secret(secret.arn(),
                    secret.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b)),
                    secret.deletedDate() != null));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public String create(String name, ExternalId value, String description, Map<String, String> tags) {
        return nameRelease.retry(() -> secrets.createSecret(r -> r.name(name).secretString(value.reveal())
                        .description(description).tags(tags.entrySet().stream()
                                .map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList())).arn(),
                SecretsManagerSecrets::isScheduledForDeletion);
    }

    @Override
    public void restore(String arn) {
        secrets.restoreSecret(r -> r.secretId(arn));
    }

    @Override
    public ExternalId read(String arn) {
        try {
            return ExternalId.of(secrets.getSecretValue(r -> r.secretId(arn)).secretString());
        } catch (InvalidRequestException refused) {
            if (isScheduledForDeletion(refused)) {
                throw new ScheduledForDeletionException(refused);
            }
            throw refused;
        }
    }

    @Override
    public void write(String arn, ExternalId value) {
        secrets.putSecretValue(r -> r.secretId(arn).secretString(value.reveal()));
    }

    @Override
    public void delete(String arn) {
        try {
            secrets.deleteSecret(r -> r.secretId(arn).forceDeleteWithoutRecovery(true));
        } catch (ResourceNotFoundException alreadyGone) {
            // the state we want
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
