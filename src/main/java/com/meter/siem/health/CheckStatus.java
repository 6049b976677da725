package com.meter.siem.health;

/** The outcome of one check. UNKNOWN means the checker could not tell, and is never read as healthy. */
public enum CheckStatus {
    OK,
    FAILING,
    UNKNOWN
}
