package com.meter.siem.provisioning;

import com.meter.siem.integration.Placement;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;

/**
 * Create, Update and Delete of the whole integration, as CloudFormation asks for them. The physical id
 * is the stream's ARN: it changes only when the stream name does, which CloudFormation treats as a
 * replacement and follows with a Delete of the old id.
 */
public final class IntegrationProvisioner {
    private final StreamProvisioner streams;
    private final AccessProvisioner access;
    private final Placement placement;

    public IntegrationProvisioner(StreamGateway streams, IamGateway iam, SecretGateway secrets, Placement placement,
                                  Deployment deployment) {
        this(streams, iam, secrets, placement, deployment, Clock.systemUTC());
    }

    /** @param clock dates the shard-count changes, whose limit is counted over 24 hours */
    public IntegrationProvisioner(StreamGateway streams, IamGateway iam, SecretGateway secrets, Placement placement,
                                  Deployment deployment, Clock clock) {
        this.streams = new StreamProvisioner(streams, clock);
        this.access = new AccessProvisioner(iam, new ExternalIdProvisioner(secrets, deployment.provisionerRoleArn()),
                placement, deployment);
        this.placement = placement;
    }

    /** Creates everything; on failure removes what this attempt created and says so in the exception. */
    public Outcome create(IntegrationSpec spec, Ownership owner, Progress progress) {
        return provision(spec, null, owner, progress, placement.streamArn(spec.stream().name()));
    }

    /**
     * Converges the integration to the new properties in place; a new stream name gives a new stream and
     * a new physical id, leaving the old stream to CloudFormation's Delete of the old id. A rotation step that
     * would cut Meter off is refused before any change.
     */
    public Outcome update(IntegrationSpec spec, PreviousProperties previous, String physicalResourceId,
                          Ownership owner, Progress progress) {
        spec.access().externalId().checkStepFrom(previous);
        boolean replacement = !spec.stream().name().equals(previous.streamName());
        String physicalId = replacement ? placement.streamArn(spec.stream().name()) : physicalResourceId;
        return provision(spec, previous, owner, progress, physicalId);
    }

    /** Removes what this resource owns; the stream only when RetainStreamOnDelete is false. */
    public String delete(DeleteSpec spec, String physicalResourceId, Ownership owner, Progress progress) {
        String named = placement.streamNameOf(physicalResourceId);
        String streamName = named != null ? named : spec.streamName();
        try {
            if (streamName == null) {
                return access.delete(spec, null, owner, progress) + "; no stream named";
            }
            String accessSummary = access.delete(spec, placement.streamArn(streamName), owner, progress);
            String streamSummary = streams.delete(streamName, spec.retainStream(), owner, progress);
            return accessSummary + "; " + streamSummary;
        } catch (Progress.AbandonedException e) {
            throw e;
        } catch (RuntimeException e) {
            throw ProvisioningException.at(progress.step(), e);
        }
    }

    private Outcome provision(IntegrationSpec spec, PreviousProperties previous, Ownership owner, Progress progress,
                              String physicalId) {
        return Journal.undoingOnFailure(progress, journal -> {
            StreamSpec stream = spec.stream();
            Set<String> retiredTagKeys = retiredTagKeys(spec, previous);
            int backOutCount = previous == null ? 0 : previous.shardCount();
            String streamArn = streams.ensure(stream, backOutCount, spec.adoptExistingStream(), owner, retiredTagKeys,
                    progress, journal);
            String customerKey = stream.encryption().grantedKey(stream.kmsKeyArn());
            AccessProvisioner.Result result = access.ensure(spec.access(), previous, streamArn, customerKey,
                    retiredTagKeys, owner, progress, journal);
            return Outcome.of(physicalId, streamArn, stream.name(), result);
        });
    }

    private static Set<String> retiredTagKeys(IntegrationSpec spec, PreviousProperties previous) {
        if (previous == null) {
            return Set.of();
        }
        Set<String> retired = new HashSet<>(previous.userTagKeys());
        retired.removeAll(spec.stream().tags().keySet());
        return retired;
    }
}
