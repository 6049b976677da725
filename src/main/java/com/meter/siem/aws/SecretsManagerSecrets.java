package com.meter.siem.aws;

import com.meter.siem.provisioning.ExternalId;
import com.meter.siem.provisioning.SecretGateway;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/** {@link SecretGateway} on the Secrets Manager API, encrypted with the account's default key. */
public final class SecretsManagerSecrets implements SecretGateway {
    private final SecretsManagerClient secrets;

    public SecretsManagerSecrets(SecretsManagerClient secrets) {
        this.secrets = secrets;
    }

    @Override
    public Optional<Secret> describe(String name) {
        try {
            var secret = secrets.describeSecret(r -> r.secretId(name));
            return Optional.of(new Secret(secret.arn(),
                    secret.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b))));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public String create(String name, ExternalId value, String description, Map<String, String> tags) {
        return secrets.createSecret(r -> r.name(name).secretString(value.reveal()).description(description)
                .tags(tags.entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build())
                        .toList())).arn();
    }

    @Override
    public ExternalId read(String arn) {
        return ExternalId.of(secrets.getSecretValue(r -> r.secretId(arn)).secretString());
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
}
