package com.meter.siem.integration;

/** How the stream is encrypted at rest. */
public enum StreamEncryption {
    NONE,
    /** The account's AWS managed key for Kinesis: no key to manage, and producers need no KMS permission. */
    AWS_MANAGED_KEY,
    /** A customer managed key: Meter's role is granted kms:GenerateDataKey and kms:Decrypt on it. */
    CUSTOMER_MANAGED_KEY;

    static final String AWS_MANAGED_KEY_ALIAS = "alias/aws/kinesis";

    /** The key id Kinesis is given, or empty when the stream is not encrypted. */
    public String keyId(String customerKeyArn) {
        return switch (this) {
            case NONE -> "";
            case AWS_MANAGED_KEY -> AWS_MANAGED_KEY_ALIAS;
            case CUSTOMER_MANAGED_KEY -> customerKeyArn;
        };
    }

    /** The customer managed key Meter's role must be allowed to use, or empty. */
    public String grantedKey(String customerKeyArn) {
        return this == CUSTOMER_MANAGED_KEY ? customerKeyArn : "";
    }
}
