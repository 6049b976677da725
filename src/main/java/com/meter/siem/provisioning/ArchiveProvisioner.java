package com.meter.siem.provisioning;

import com.meter.siem.provisioning.DeliveryStreamGateway.DeliveryStream;
import com.meter.siem.provisioning.DeliveryStreamGateway.NameTakenException;
import com.meter.siem.provisioning.DeliveryStreamGateway.RoleNotYetUsableException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * Creates and deletes the archive's Firehose delivery stream. Firehose checks the delivery role when the
 * stream is created, and the stack creates that role moments before: until IAM has propagated it, Firehose
 * answers that it cannot assume the role, or that the role may not describe the source stream. Creation is
 * retried on those answers alone, with growing pauses, for about two minutes; any other failure is final.
 *
 * <p>The name carries a hash of the stack, the logical id and every setting, so a changed configuration
 * is a new delivery stream (CloudFormation then deletes the old one), and a repeated request finds the one
 * it created. The hashed text is spelled out in {@link #hashedSettings}, never derived from Java names, so
 * that refactoring cannot rename (replace) a deployed archive.
 */
public final class ArchiveProvisioner {
    public static final Duration POLL_INTERVAL = Duration.ofSeconds(5);
    /** Firehose usually activates a delivery stream within a few minutes. */
    public static final Duration MAX_WAIT = Duration.ofMinutes(10);

    static final String NAME_PREFIX = "meter-siem-archive-";
    private static final Pattern NAME = Pattern.compile(Pattern.quote(NAME_PREFIX) + "[a-zA-Z0-9_.-]{1,45}");
    private static final int STACK_NAME_PART = 30;

    private final DeliveryStreamGateway streams;
    private final Propagation propagation;
    private final Duration pollInterval;
    private final Duration maxWait;

    public ArchiveProvisioner(DeliveryStreamGateway streams) {
        this(streams, Propagation.IAM.pauses(), POLL_INTERVAL, MAX_WAIT);
    }

    /**
     * @param propagationPauses the pauses between creation attempts that Firehose refuses for the role
     * @param pollInterval      time between describes while the stream is CREATING
     * @param maxWait           how long the stream may stay CREATING
     */
    public ArchiveProvisioner(DeliveryStreamGateway streams, List<Duration> propagationPauses, Duration pollInterval,
                              Duration maxWait) {
        this.streams = streams;
        this.propagation = new Propagation(propagationPauses);
        this.pollInterval = pollInterval;
        this.maxWait = maxWait;
    }

    /** {@code meter-siem-archive-<stack name, cut to 30>-<10 hex digits of the hash>}: at most 60 characters. */
    public static String deliveryStreamName(Ownership owner, ArchiveSpec spec) {
        String stackName = owner.stackName();
        String part = stackName.substring(0, Math.min(STACK_NAME_PART, stackName.length()));
        return NAME_PREFIX + part + "-" + hash(owner.stackId() + "\n" + owner.logicalResourceId() + "\n"
                + hashedSettings(spec));
    }

    /**
     * Version 1 of the hashed settings: the first release hashed exactly this text, so every deployed name
     * depends on it byte for byte. A new setting that must change the name is appended as version 2 only
     * when it differs from its default, so that existing names stay as they are.
     */
    static String hashedSettings(ArchiveSpec spec) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("sourceStreamArn", spec.sourceStreamArn());
        settings.put("deliveryRoleArn", spec.deliveryRoleArn());
        settings.put("bucketArn", spec.bucketArn());
        settings.put("prefix", spec.prefix());
        settings.put("errorOutputPrefix", spec.errorOutputPrefix());
        settings.put("compression", spec.compression().name());
        settings.put("bufferSizeMiB", spec.bufferSizeMiB());
        settings.put("bufferIntervalSeconds", spec.bufferIntervalSeconds());
        settings.put("logGroupName", spec.logGroupName());
        settings.put("logStreamName", spec.logStreamName());
        StringJoiner text = new StringJoiner(", ", "ArchiveSpec[", "]");
        settings.forEach((key, value) -> text.add(key + "=" + value));
        return text.toString();
    }

    /** Whether a physical id can name a delivery stream this resource made (a failed Create's placeholder cannot). */
    public static boolean isDeliveryStreamName(String physicalId) {
        return physicalId != null && NAME.matcher(physicalId).matches();
    }

    /**
     * Create, and Update too: a changed configuration has a new name, an unchanged one finds its stream. A
     * failure removes only a stream this call created; an abandoned call leaves it to CloudFormation's Delete.
     */
    public Outcome create(ArchiveSpec spec, String name, Ownership owner, Progress progress) {
        return Journal.undoingOnFailure(progress, journal -> {
            progress.enter("describe delivery stream " + name);
            Optional<DeliveryStream> existing = streams.describe(name);
            if (existing.isPresent()) {
                requireOwned(name, existing.get(), owner);
            } else {
                journal.creating("delivery stream " + name, () -> removeIfOwned(name, owner));
                createOnceTheRoleIsUsable(spec, name, owner, progress);
            }
            return outcome(name, awaitActive(name, progress));
        });
    }

    public String delete(String name, Ownership owner, Progress progress) {
        progress.enter("delete delivery stream " + name);
        Optional<DeliveryStream> existing = streams.describe(name);
        if (existing.isEmpty()) {
            return "delivery stream %s is already gone".formatted(name);
        }
        if (!owner.owns(existing.get().tags())) {
            return "kept delivery stream %s: this stack did not create it".formatted(name);
        }
        streams.delete(name);
        return "deleted delivery stream " + name;
    }

    private boolean removeIfOwned(String name, Ownership owner) {
        return streams.describe(name).filter(stream -> owner.owns(stream.tags())).map(stream -> {
            streams.delete(name);
            return true;
        }).orElse(false);
    }

    private void createOnceTheRoleIsUsable(ArchiveSpec spec, String name, Ownership owner, Progress progress) {
        String step = "create delivery stream " + name;
        try {
            propagation.retry(() -> {
                progress.enter(step);
                streams.create(name, spec, owner.ownerTags());
                return name;
            }, RoleNotYetUsableException.class::isInstance);
        } catch (NameTakenException taken) {
            // The answer to an earlier attempt may have been lost: if the stream is ours, it is this one.
            requireOwned(name, streams.describe(name).orElseThrow(() -> new ProvisioningException(step,
                    "Firehose reports the name taken, yet the delivery stream cannot be found", taken)), owner);
        } catch (Propagation.NotYetPropagatedException notYet) {
            throw new ProvisioningException(step, ("Firehose still could not use the delivery role %s after %s."
                    + " If the role is new, IAM has not propagated it yet: deploy again. Otherwise its trust policy"
                    + " must allow firehose.amazonaws.com, and its policy kinesis:DescribeStream, GetShardIterator,"
                    + " GetRecords and ListShards on the source stream.").formatted(spec.deliveryRoleArn(),
                    notYet.tries()), notYet.getCause().getCause());
        }
    }

    private DeliveryStream awaitActive(String name, Progress progress) {
        String step = "wait for delivery stream %s to become ACTIVE".formatted(name);
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            progress.enter(step);
            DeliveryStream stream = streams.describe(name).orElseThrow(() -> new ProvisioningException(step,
                    "the delivery stream disappeared while it was being created", null));
            if (stream.status().isActive()) {
                return stream;
            }
            if (stream.status().hasFailed()) {
                throw new ProvisioningException(step, "Firehose could not create it (%s): %s".formatted(
                        stream.status(), stream.failure()), null);
            }
            if (System.nanoTime() > deadline) {
                throw new ProvisioningException(step, "still %s after %d minutes".formatted(stream.status(),
                        maxWait.toMinutes()), null);
            }
            pause(pollInterval, step);
        }
    }

    private static void requireOwned(String name, DeliveryStream stream, Ownership owner) {
        if (!owner.owns(stream.tags())) {
            throw new ProvisioningException("create delivery stream " + name, ("a delivery stream named %s exists"
                    + " and this stack did not create it; it is left as it is").formatted(name), null);
        }
    }

    private static void pause(Duration duration, String step) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new ProvisioningException(step, "interrupted", interrupted);
        }
    }

    private static Outcome outcome(String name, DeliveryStream stream) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("DeliveryStreamName", name);
        attributes.put("DeliveryStreamArn", stream.arn());
        return new Outcome(name, java.util.Collections.unmodifiableMap(attributes));
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 5);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JVM has SHA-256", impossible);
        }
    }
}
