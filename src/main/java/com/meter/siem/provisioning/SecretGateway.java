package com.meter.siem.provisioning;

import java.util.Map;
import java.util.Optional;

/** The Secrets Manager calls provisioning needs, in domain terms. */
public interface SecretGateway {
    record Secret(String arn, Map<String, String> tags) {
    }

    Optional<Secret> describe(String name);

    String create(String name, ExternalId value, String description, Map<String, String> tags);

    ExternalId read(String arn);

    void write(String arn, ExternalId value);

    /** Deletes at once, without a recovery window: the ID is worthless once its role is gone. */
    void delete(String arn);
}
