package com.meter.siem.provisioning;

import java.util.Map;
import java.util.Optional;

/** The Firehose calls the archive needs, in domain terms. */
public interface DeliveryStreamGateway {
    /** A delivery stream as Firehose describes it; {@code failure} is set when its creation failed. */
    record DeliveryStream(String arn, DeliveryStreamLifecycle status, Map<String, String> tags, String failure) {
    }

    Optional<DeliveryStream> describe(String name);

    /**
     * @throws RoleNotYetUsableException when Firehose cannot use the delivery role yet
     * @throws NameTakenException when a delivery stream of that name exists
     */
    void create(String name, ArchiveSpec spec, Map<String, String> tags);

    void delete(String name);

    /**
     * Firehose could not assume the role, or the role's policy did not let it read the source stream. Right
     * after the role or its policy was created this is IAM still propagating them, which takes seconds, so
     * it is worth retrying for a bounded time.
     */
    final class RoleNotYetUsableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public RoleNotYetUsableException(Throwable cause) {
            super(cause);
        }
    }

    final class NameTakenException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public NameTakenException(Throwable cause) {
            super(cause);
        }
    }
}
