package com.meter.siem.handler;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.meter.siem.testing.MotoExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The README's local try-out, run as a test so that it cannot rot. */
@ExtendWith(MotoExtension.class)
class TryLocalIT {
    @Test
    void run_whenStartedOnAFreshMoto_walksThroughProvisioningChecksRecordsAndTeardown() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        Instant now = Instant.parse("2026-01-05T09:00:12.345Z");

        new TryLocal(new PrintStream(buffer, true, StandardCharsets.UTF_8), Clock.fixed(now, ZoneOffset.UTC),
                now.minusMillis(3_456)).run();

        String out = buffer.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("\n[  3.4 s] 1/5 Provisioning the integration"), out);
        assertTrue(out.contains("\n[  3.4 s] 5/5 Tearing down"), out);
        assertTrue(out.contains("AWS Kinesis ARN: arn:aws:kinesis:us-east-1:123456789012:stream/meter-siem-events"), out);
        assertTrue(out.contains("Role ARN:        arn:aws:iam::123456789012:role/meter-siem/MeterSIEMIntegrationRole"), out);
        assertTrue(out.matches("(?s).*External ID:     [0-9a-f]{64}\\n.*"), out);
        assertTrue(out.contains("alert on the topic: INFO FAILING: AwaitingFirstEvents on meter-siem-events"), out);
        assertTrue(out.contains("put 5 records, 0 failed"), out);
        assertTrue(out.contains("alert on the topic: RESOLVED: AwaitingFirstEvents on meter-siem-events"), out);
        assertTrue(out.contains("SUCCESS; streams left: [], roles left under /meter-siem/: 0"), out);
    }
}
