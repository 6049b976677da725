package com.meter.siem.health;

import com.meter.siem.integration.ExternalIdRotation;
import java.time.Duration;

/**
 * Where the stack says the external ID's rotation stands, and how long a started one may stay unfinished.
 *
 * @param grace after this long, an unfinished rotation is reported
 */
public record ExternalIdRotationSettings(ExternalIdRotation rotation, Duration grace) {
    public boolean started() {
        return rotation == ExternalIdRotation.STARTED;
    }
}
