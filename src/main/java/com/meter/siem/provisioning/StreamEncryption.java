package com.meter.siem.provisioning;

/** How the stream is encrypted at rest. */
public enum StreamEncryption {
    NONE,
    /** The account's AWS managed key for Kinesis: no key to manage, and producers need no KMS permission. */
    AWS_MANAGED_KEY,
    /** A customer managed key: Meter's role is granted kms:GenerateDataKey and kms:Decrypt on it. */
    CUSTOMER_MANAGED_KEY;

    static final String AWS_MANAGED_KEY_ALIAS = "alias/aws/kinesis";
}
