package com.meter.siem.provisioning;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link DeliveryStreamGateway} over delivery streams held in memory, by name, with a status and tags. As
 * Firehose does, a new stream passes through the statuses it is given (CREATING, then ACTIVE or
 * CREATING_FAILED), one per describe; CreateDeliveryStream refuses a role IAM has not propagated yet
 * (InvalidArgumentException, "Firehose is unable to assume role") and a name in use (ResourceInUseException).
 */
final class InMemoryDeliveryStreams implements DeliveryStreamGateway {
    private static final class Stored {
        final DeliveryStream stream;
        final Deque<DeliveryStreamLifecycle> nextStatuses;

        Stored(DeliveryStream stream, Deque<DeliveryStreamLifecycle> nextStatuses) {
            this.stream = stream;
            this.nextStatuses = nextStatuses;
        }
    }

    private final Map<String, Stored> streams = new HashMap<>();
    private List<DeliveryStreamLifecycle> createdStatuses = List.of(DeliveryStreamLifecycle.ACTIVE);
    private int describes;
    private int failingDescribe;
    private int roleRefusals;
    private boolean answerLost;
    private RuntimeException createFailure;
    private Runnable onDescribe = () -> { };
    private Runnable onCreate = () -> { };

    void existing(String name, DeliveryStreamLifecycle status, Map<String, String> tags) {
        streams.put(name, new Stored(stream(name, status, tags), new ArrayDeque<>()));
    }

    /** The statuses a stream created from now on shows, one per describe; the last one stays. */
    void createAs(DeliveryStreamLifecycle... statuses) {
        createdStatuses = List.of(statuses);
    }

    /** The describe with this number (from 1) fails; the others answer. */
    void failDescribe(int number) {
        failingDescribe = number;
    }

    void onDescribe(Runnable action) {
        onDescribe = action;
    }

    void onCreate(Runnable action) {
        onCreate = action;
    }

    /** The next creations are refused for the role, as while IAM propagates it. */
    void refuseRole(int times) {
        roleRefusals = times;
    }

    /** The next creation succeeds, but its answer is lost and the SDK's retry finds the name taken. */
    void loseCreateAnswer() {
        answerLost = true;
    }

    /** The next creation fails with this. */
    void failCreate(RuntimeException failure) {
        createFailure = failure;
    }

    boolean exists(String name) {
        return streams.containsKey(name);
    }

    void remove(String name) {
        streams.remove(name);
    }

    @Override
    public Optional<DeliveryStream> describe(String name) {
        if (++describes == failingDescribe) {
            throw new IllegalStateException("Firehose is unavailable");
        }
        onDescribe.run();
        Stored stored = streams.get(name);
        if (stored == null) {
            return Optional.empty();
        }
        DeliveryStreamLifecycle status = stored.nextStatuses.size() > 1 ? stored.nextStatuses.poll()
                : stored.nextStatuses.peek();
        return Optional.of(status == null ? stored.stream : stream(name, status, stored.stream.tags()));
    }

    @Override
    public void create(String name, ArchiveSpec spec, Map<String, String> tags) {
        onCreate.run();
        if (roleRefusals > 0) {
            roleRefusals--;
            throw new RoleNotYetUsableException(new IllegalStateException(
                    "InvalidArgumentException: Firehose is unable to assume role " + spec.deliveryRoleArn()));
        }
        if (createFailure != null) {
            RuntimeException failure = createFailure;
            createFailure = null;
            throw failure;
        }
        if (streams.containsKey(name)) {
            throw new NameTakenException(new IllegalStateException("ResourceInUseException: " + name));
        }
        streams.put(name, new Stored(stream(name, createdStatuses.getFirst(), tags),
                new ArrayDeque<>(createdStatuses)));
        if (answerLost) {
            answerLost = false;
            throw new NameTakenException(new IllegalStateException("ResourceInUseException: " + name));
        }
    }

    @Override
    public void delete(String name) {
        streams.remove(name);
    }

    private static DeliveryStream stream(String name, DeliveryStreamLifecycle status, Map<String, String> tags) {
        return new DeliveryStream("arn:aws:firehose:us-east-1:123456789012:deliverystream/" + name, status, tags,
                status.hasFailed() ? "The KMS key is disabled." : null);
    }
}
