package com.meter.siem.tools;

import com.amazonaws.services.lambda.runtime.events.CloudFormationCustomResourceEvent;
import com.meter.siem.handler.IntegrationResourceHandler;
import com.meter.siem.testing.Events;
import com.meter.siem.testing.ResponseUrlServer;
import com.meter.siem.testing.TestContext;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * Runs the provisioning handler once, in this fresh JVM, as Lambda would: the public constructor builds
 * its clients from the environment (point AWS_ENDPOINT_URL at moto), and a local server plays the
 * CloudFormation response URL. Prints one JSON line: the answer's status and the milliseconds from JVM
 * start to the answer's arrival, which is what CloudFormation waits for on a cold start.
 *
 * <p>Usage: {@code InvokeHandler EVENT_FILE [PROPERTY=VALUE ...]}, the file relative to the project.
 */
public final class InvokeHandler {
    private InvokeHandler() {
    }

    public static void main(String[] args) throws Exception {
        try (ResponseUrlServer responses = new ResponseUrlServer()) {
            Events events = Events.fromJson(java.nio.file.Files.readString(java.nio.file.Path.of(args[0])));
            for (int i = 1; i < args.length; i++) {
                String[] pair = args[i].split("=", 2);
                events.withProperty(pair[0], pair[1]);
            }
            CloudFormationCustomResourceEvent event = events.withResponseUrl(responses.url()).toEvent();
            long handlerStart = System.currentTimeMillis();
            new IntegrationResourceHandler().handleRequest(event, TestContext.withRemainingTime(Duration.ofMinutes(15)));
            String status = responses.awaitResponseJson(Duration.ofSeconds(30)).get("Status").asText();
            long answered = System.currentTimeMillis();
            long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
            System.out.printf("{\"status\":\"%s\",\"jvmStartToAnswerMs\":%d,\"handlerMs\":%d}%n",
                    status, answered - jvmStart, answered - handlerStart);
        }
    }
}
