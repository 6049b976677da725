package com.meter.siem.health;

/** Remedies several checks share. */
final class Fixes {
    /**
     * CloudFormation sends the custom resource an Update only when a property changes; a new ReapplyToken
     * is that change, and the Update converges the stream, role and policy to the stack's settings.
     */
    static final String REAPPLY = "deploy again with a new ReapplyToken (`sam deploy --guided`, or"
            + " `--parameter-overrides ReapplyToken=$(date +%s)` with your other overrides)";

    private Fixes() {
    }
}
