package com.meter.siem.health;

/** How urgently on-call should act, most urgent first; subscribers can filter on it. */
public enum Severity {
    CRITICAL,
    WARNING,
    INFO
}
