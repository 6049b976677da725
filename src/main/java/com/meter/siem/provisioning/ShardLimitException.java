package com.meter.siem.provisioning;

/**
 * Kinesis refused a shard-count change for one of its limits: ten changes per stream in any 24 hours,
 * or the account's shard quota. Not a rate limit, which the SDK retries. The AWS error is the cause.
 */
public final class ShardLimitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ShardLimitException(RuntimeException awsError) {
        super(awsError.getMessage(), awsError);
    }
}
