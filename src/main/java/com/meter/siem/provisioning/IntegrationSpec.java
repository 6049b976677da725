package com.meter.siem.provisioning;

/** Everything the custom resource's properties ask for, validated. */
public record IntegrationSpec(
        StreamSpec stream,
        AccessSpec access,
        boolean retainStreamOnDelete,
        boolean adoptExistingStream) {
}
