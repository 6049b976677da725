package com.meter.siem.health;

/** Sends one alert message to on-call. */
public interface AlertPublisher {
    void publish(AlertMessage message);
}
