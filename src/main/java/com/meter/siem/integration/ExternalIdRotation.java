package com.meter.siem.integration;

/**
 * Where a rotation of the external ID stands, as the ExternalIdRotation parameter says: STARTED, Meter's role
 * accepts the secret's current ID and its previous one; FINISHED, only the current one.
 */
public enum ExternalIdRotation {
    FINISHED,
    STARTED
}
