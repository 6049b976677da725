package com.meter.siem.provisioning;

/** Everything the custom resource's properties ask for, validated. */
public record IntegrationSpec(
        StreamSpec stream,
        AccessSpec access,
        boolean retainStreamOnDelete,
        boolean adoptExistingStream) {

    /**
     * This spec, adopting a stream only if the deployed stack allows it too: a request alone cannot make the
     * provisioner take over a stream it did not create.
     */
    public IntegrationSpec adoptingOnlyIf(boolean deploymentAdopts) {
        return new IntegrationSpec(stream, access, retainStreamOnDelete, adoptExistingStream && deploymentAdopts);
    }
}
