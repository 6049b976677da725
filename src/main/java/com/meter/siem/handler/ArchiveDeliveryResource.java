package com.meter.siem.handler;

import com.meter.siem.provisioning.ArchiveProperties;
import com.meter.siem.provisioning.ArchiveProvisioner;
import com.meter.siem.provisioning.ArchiveSpec;
import com.meter.siem.provisioning.Outcome;
import com.meter.siem.provisioning.Ownership;
import com.meter.siem.provisioning.Progress;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@code Custom::MeterSiemArchiveDelivery}: the archive's Firehose delivery stream. Its physical id is the
 * stream's name, which hashes the settings, so every change is a replacement: an Update creates the new stream
 * and CloudFormation deletes the old one.
 *
 * @param archives built on first use: stacks without the archive never load the Firehose client
 */
record ArchiveDeliveryResource(Supplier<ArchiveProvisioner> archives) implements CustomResource {
    @Override
    public String logicalId() {
        return "ArchiveDeliveryStream";
    }

    @Override
    public Outcome create(CustomResourceRequest event, Progress progress, Consumer<String> aimedAt) {
        Ownership owner = owner(event);
        ArchiveSpec spec = ArchiveProperties.parse(event.resourceProperties());
        String name = ArchiveProvisioner.deliveryStreamName(owner, spec);
        aimedAt.accept(name);
        return archives.get().create(spec, name, owner, progress);
    }

    @Override
    public Outcome update(CustomResourceRequest event, Progress progress, Consumer<String> aimedAt) {
        return create(event, progress, aimedAt);
    }

    /** The physical id names the stream and its tags say whose it is: the properties play no part. */
    @Override
    public String delete(CustomResourceRequest event, Progress progress) {
        String physicalId = event.physicalResourceId();
        if (!ArchiveProvisioner.isDeliveryStreamName(physicalId)) {
            return "nothing to delete: no delivery stream was created";
        }
        return archives.get().delete(physicalId, owner(event), progress);
    }

    private static Ownership owner(CustomResourceRequest event) {
        return new Ownership(event.stackId(), event.logicalResourceId());
    }
}
