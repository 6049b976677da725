package com.meter.siem.handler;

import com.meter.siem.integration.Placement;
import com.meter.siem.provisioning.DeleteSpec;
import com.meter.siem.provisioning.IamGateway;
import com.meter.siem.provisioning.IntegrationProperties;
import com.meter.siem.provisioning.IntegrationProvisioner;
import com.meter.siem.provisioning.IntegrationSpec;
import com.meter.siem.provisioning.Outcome;
import com.meter.siem.provisioning.Ownership;
import com.meter.siem.provisioning.PreviousProperties;
import com.meter.siem.provisioning.Progress;
import com.meter.siem.provisioning.SecretGateway;
import com.meter.siem.provisioning.StreamGateway;
import java.util.function.Consumer;

/**
 * {@code Custom::MeterSiemIntegration}: the stream, the role Meter assumes, its write policy and the external ID.
 * Its physical id is the stream's ARN. What decides what it may destroy or take over comes from the deployment
 * ({@link ProvisionerEnvironment}), never from the request alone.
 */
record IntegrationResource(ProvisionerEnvironment environment, StreamGateway streams, IamGateway iam,
                           SecretGateway secrets) implements CustomResource {
    static final String RESOURCE_TYPE = "Custom::MeterSiemIntegration";

    @Override
    public String logicalId() {
        return "MeterSiemIntegration";
    }

    @Override
    public Outcome create(CustomResourceRequest event, Progress progress, Consumer<String> aimedAt) {
        Placement placement = Placement.fromStackId(event.stackId());
        IntegrationSpec spec = spec(event, placement, aimedAt);
        return provisioner(placement).create(spec, owner(event), progress);
    }

    @Override
    public Outcome update(CustomResourceRequest event, Progress progress, Consumer<String> aimedAt) {
        Placement placement = Placement.fromStackId(event.stackId());
        IntegrationSpec spec = spec(event, placement, aimedAt);
        return provisioner(placement).update(spec, PreviousProperties.from(event.oldResourceProperties()),
                event.physicalResourceId(), owner(event), progress);
    }

    /** From the physical id and a lenient read of the names: never from today's validation. */
    @Override
    public String delete(CustomResourceRequest event, Progress progress) {
        DeleteSpec spec = DeleteSpec.read(event.resourceProperties()).keepingStreamIf(environment.retainStreamOnDelete());
        return provisioner(Placement.fromStackId(event.stackId())).delete(spec, event.physicalResourceId(),
                owner(event), progress);
    }

    private IntegrationSpec spec(CustomResourceRequest event, Placement placement, Consumer<String> aimedAt) {
        IntegrationSpec spec = IntegrationProperties.parse(event.resourceProperties(), placement)
                .adoptingOnlyIf(environment.adoptExistingStream());
        aimedAt.accept(placement.streamArn(spec.stream().name()));
        return spec;
    }

    private IntegrationProvisioner provisioner(Placement placement) {
        return new IntegrationProvisioner(streams, iam, secrets, placement, environment.deployment());
    }

    private static Ownership owner(CustomResourceRequest event) {
        return new Ownership(event.stackId(), event.logicalResourceId());
    }
}
