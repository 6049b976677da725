package com.meter.siem.provisioning;

import com.meter.siem.integration.AcceptedExternalIds;
import com.meter.siem.integration.ExternalId;
import com.meter.siem.integration.ExternalIdRotation;
import com.meter.siem.integration.PolicyDocuments;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The external ID's secret: created (or the user's own read), protected by its resource policy, rotated in two
 * steps, and deleted with a recovery window. Says which IDs Meter's role is to accept.
 *
 * <p>Each ID this stack generates is stored as the secret version whose id is derived from the stack, the
 * logical id and the ExternalIdVersion it was made for ({@link #versionId}). That makes every step repeatable
 * and lets an Update tell which version the current ID belongs to: a start that is retried or redone after a
 * rollback finds the ID it made before, and the rollback of a start finds the ID Meter had before it.
 */
final class ExternalIdProvisioner {
    private static final String SECRET_DESCRIPTION =
            "External ID that Meter presents when it assumes the SIEM integration role";

    /** The secret in use and the IDs Meter's role accepts: the current one first. */
    record Trusted(String secretArn, List<ExternalId> ids) {
        Trusted {
            ids = List.copyOf(ids);
        }
    }

    private final SecretGateway secrets;
    private final String provisionerRoleArn;

    /** @param provisionerRoleArn the only principal the secret's resource policy lets change the ID */
    ExternalIdProvisioner(SecretGateway secrets, String provisionerRoleArn) {
        this.secrets = secrets;
        this.provisionerRoleArn = provisionerRoleArn;
    }

    /** @param previous the replaced properties on Update, null on Create */
    Trusted ensure(ExternalIdSpec spec, PreviousProperties previous, Map<String, String> tags, Ownership owner,
                   Progress progress, Journal journal) {
        if (!spec.generated()) {
            return readUsersSecret(spec, progress);
        }
        SecretGateway.Secret secret = ensureSecret(spec, tags, owner, progress, journal);
        String arn = secret.arn();
        if (spec.legacyValue() != null) {
            storeLegacyValue(spec, arn, progress);
        } else {
            moveCurrentToVersion(spec, previous, secret, owner, progress);
        }
        progress.enter("read the external ID from secret " + spec.secretName());
        return new Trusted(arn, accepted(arn, spec.rotation(), progress));
    }

    /** Schedules the deletion of this stack's secret, every version of the ID with it; never the user's own. */
    String delete(String secretName, Ownership owner, Progress progress) {
        progress.enter("describe secret " + secretName);
        Optional<SecretGateway.Secret> secret = secrets.describe(secretName).filter(s -> owner.owns(s.tags()));
        if (secret.isEmpty()) {
            return "";
        }
        if (secret.get().scheduledForDeletion()) {
            return ", external ID secret already scheduled for deletion";
        }
        progress.enter("schedule the deletion of secret " + secretName);
        secrets.delete(secret.get().arn());
        return ", external ID secret scheduled for deletion (restorable for a week)";
    }

    /** The version of the secret that holds the ID generated for VERSION. */
    private static String versionId(Ownership owner, int version) {
        return UUID.nameUUIDFromBytes("%s|%s|external-id|%d".formatted(owner.stackId(), owner.logicalResourceId(),
                version).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private Trusted readUsersSecret(ExternalIdSpec spec, Progress progress) {
        String arn = spec.existingSecretArn();
        progress.enter("read the external ID from secret %s (ExistingExternalIdSecretArn)".formatted(arn));
        List<ExternalId> ids = accepted(arn, spec.rotation(), progress);
        for (ExternalId id : ids) {
            if (!ExternalId.fitsSts(id.reveal())) {
                throw new ProvisioningException(progress.step(), ("secret %s (ExistingExternalIdSecretArn) must hold"
                        + " an external ID of %s as its plain text value; it does not (the value is not shown)")
                        .formatted(arn, ExternalId.RULE), null);
            }
        }
        return new Trusted(arn, ids);
    }

    private List<ExternalId> accepted(String arn, ExternalIdRotation rotation, Progress progress) {
        List<ExternalId> ids = AcceptedExternalIds.read(secrets, arn, rotation).ids();
        ids.forEach(progress::handled);
        return ids;
    }

    /**
     * A start makes the ID of the new version current: the one made by an earlier attempt (a start redone after
     * its rollback), or a new one. The rollback of a start gives the current label back to the ID Meter had.
     * Otherwise the current ID stays, whichever version it came from: one a finished rotation left, or one stored
     * before versions had derived ids (an ID a user once supplied is kept until the next rotation).
     */
    private void moveCurrentToVersion(ExternalIdSpec spec, PreviousProperties previous, SecretGateway.Secret secret,
                                      Ownership owner, Progress progress) {
        String arn = secret.arn();
        String wanted = versionId(owner, spec.version());
        String current = secret.versionWith(SecretGateway.CURRENT);
        boolean start = previous != null && spec.version() > previous.externalIdVersion();
        if (start && secret.stagesByVersionId().containsKey(wanted)) {
            if (!wanted.equals(current)) {
                progress.enter("make the external ID of version %d current again in secret %s".formatted(
                        spec.version(), spec.secretName()));
                secrets.makeCurrent(arn, wanted, current);
            }
        } else if (start) {
            ExternalId generated = ExternalId.generate();
            progress.handled(generated);
            progress.enter("store a new external ID (version %d) in secret %s".formatted(spec.version(),
                    spec.secretName()));
            try {
                secrets.put(arn, wanted, generated);
            } catch (SecretGateway.VersionExistsException unlabelled) {
                // An earlier attempt's ID for this version that has since lost its last label: it is the one.
                progress.enter("make the external ID of version %d current again in secret %s".formatted(
                        spec.version(), spec.secretName()));
                secrets.makeCurrent(arn, wanted, current);
            }
        } else if (previous != null && spec.version() < previous.externalIdVersion()
                && previous.rotation() == ExternalIdRotation.STARTED
                && versionId(owner, previous.externalIdVersion()).equals(current)) {
            String before = secret.versionWith(SecretGateway.PREVIOUS);
            progress.enter("make the external ID Meter had before version %d current again in secret %s".formatted(
                    previous.externalIdVersion(), spec.secretName()));
            secrets.makeCurrent(arn, before, current);
        }
    }

    /** What templates before ExistingExternalIdSecretArn did with the ExternalId they passed: it wins. */
    private void storeLegacyValue(ExternalIdSpec spec, String arn, Progress progress) {
        progress.handled(spec.legacyValue());
        progress.enter("read secret " + spec.secretName());
        Optional<SecretGateway.Version> current = secrets.read(arn, SecretGateway.CURRENT);
        if (current.isEmpty() || !current.get().value().equals(spec.legacyValue())) {
            progress.enter("store the external ID given as ExternalId in secret " + spec.secretName());
            secrets.put(arn, UUID.randomUUID().toString(), spec.legacyValue());
        }
    }

    private SecretGateway.Secret ensureSecret(ExternalIdSpec spec, Map<String, String> tags, Ownership owner,
                                              Progress progress, Journal journal) {
        String name = spec.secretName();
        progress.enter("describe secret " + name);
        Optional<SecretGateway.Secret> existing = secrets.describe(name);
        Map<String, String> ownerTags = withOwner(tags, owner);
        if (existing.isEmpty()) {
            return createSecret(spec, ownerTags, owner, progress, journal);
        }
        SecretGateway.Secret secret = existing.get();
        boolean ours = owner.owns(secret.tags());
        boolean earlierStack = secret.scheduledForDeletion() && owner.ownedByEarlierStackOfThisName(secret.tags());
        if (secret.scheduledForDeletion() && !ours && !earlierStack) {
            return createSecret(spec, ownerTags, owner, progress, journal);
        }
        if (!ours && !earlierStack) {
            throw new ProvisioningException(progress.step(), ("secret %s already exists and was not created by"
                    + " this stack; delete it or deploy under another stack name").formatted(name), null);
        }
        if (secret.scheduledForDeletion()) {
            // This stack's own secret scheduled by hand, or the one a deleted stack of this name left for its
            // recovery window: restored, so the ID Meter's dashboard has keeps working.
            progress.enter("restore secret " + name + ", which was scheduled for deletion");
            secrets.restore(secret.arn());
        }
        protect(secret.arn(), name, progress);
        if (!secret.tags().entrySet().containsAll(ownerTags.entrySet())) {
            progress.enter("tag secret " + name);
            secrets.tag(secret.arn(), ownerTags);
        }
        return secret;
    }

    /**
     * A secret of that name that is not ours but scheduled for deletion (one made by hand, say) is going away:
     * Secrets Manager refuses its name until then, and the gateway waits.
     */
    private SecretGateway.Secret createSecret(ExternalIdSpec spec, Map<String, String> ownerTags, Ownership owner,
                                              Progress progress, Journal journal) {
        String name = spec.secretName();
        String versionId = versionId(owner, spec.version());
        ExternalId value = spec.legacyValue() != null ? spec.legacyValue() : ExternalId.generate();
        progress.handled(value);
        progress.enter("create secret " + name);
        journal.creating("secret " + name, () -> secrets.describe(name).filter(s -> owner.owns(s.tags()))
                .map(secret -> {
                    secrets.deleteNow(secret.arn());
                    return true;
                }).orElse(false));
        String arn;
        try {
            arn = secrets.create(name, versionId, value, SECRET_DESCRIPTION, ownerTags);
        } catch (Propagation.NotYetPropagatedException stillScheduled) {
            throw new ProvisioningException(progress.step(), ("a secret named %s that this stack did not create is"
                    + " scheduled for deletion, and Secrets Manager still refused the name after %s. If nothing needs"
                    + " that secret, delete it for good (aws secretsmanager delete-secret --secret-id %s"
                    + " --force-delete-without-recovery) and deploy again, or deploy under another stack name.")
                    .formatted(name, stillScheduled.tries(), name), stillScheduled.getCause());
        }
        protect(arn, name, progress);
        return new SecretGateway.Secret(arn, ownerTags, false, Map.of(versionId, List.of(SecretGateway.CURRENT)));
    }

    private void protect(String arn, String name, Progress progress) {
        String policy = PolicyDocuments.externalIdSecretPolicy(provisionerRoleArn);
        progress.enter("read the resource policy of secret " + name);
        Optional<String> existing = secrets.policy(arn);
        if (existing.isEmpty() || !PolicyDocuments.sameDocument(existing.get(), policy)) {
            progress.enter("put the resource policy of secret " + name);
            secrets.putPolicy(arn, policy);
        }
    }

    private static Map<String, String> withOwner(Map<String, String> tags, Ownership owner) {
        Map<String, String> all = new HashMap<>(tags);
        all.putAll(owner.ownerTags());
        return all;
    }
}
