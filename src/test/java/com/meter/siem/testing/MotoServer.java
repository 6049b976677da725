package com.meter.siem.testing;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The one moto_server of this test JVM, started on first use and shared by every test class:
 * starting moto costs seconds, while wiping its state with {@link #reset()} is cheap. It does not
 * enforce IAM; {@link AuthorizingMoto} is the one that does.
 */
public final class MotoServer {

    static final String NOT_FOUND_MESSAGE = "moto_server not found on PATH: the integration tests need it."
            + " Install it with: pip install \"moto[server]\"";

    private static final String EXECUTABLE = "moto_server";
    private static final Path LOG_FILE = Path.of("target", "moto-server.log");

    private static MotoProcess server;
    private static IllegalStateException startupFailure;

    private MotoServer() {
    }

    /** Starts moto if this JVM has not yet, and returns its loopback endpoint. */
    public static URI endpoint() {
        return server().endpoint();
    }

    /** Forgets every resource created so far, so that tests cannot see each other's state. */
    public static void reset() {
        server().post("/moto-api/reset", "");
    }

    private static synchronized MotoProcess server() {
        if (startupFailure != null) {
            // Every later test fails with the original reason instead of waiting for a startup again.
            throw new IllegalStateException(startupFailure.getMessage(), startupFailure);
        }
        if (server == null) {
            try {
                server = start();
            } catch (IllegalStateException e) {
                startupFailure = e;
                throw e;
            }
        }
        return server;
    }

    static Path executableOnPath(String pathVariable) {
        return Stream.ofNullable(pathVariable)
                .flatMap(path -> Arrays.stream(path.split(File.pathSeparator)))
                .filter(directory -> !directory.isBlank())
                .map(directory -> Path.of(directory, EXECUTABLE))
                .filter(candidate -> Files.isRegularFile(candidate) && Files.isExecutable(candidate))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(NOT_FOUND_MESSAGE));
    }

    private static MotoProcess start() {
        MotoProcess process = MotoProcess.start(LOG_FILE, Map.of());
        Runtime.getRuntime().addShutdownHook(new Thread(process::stop, "moto-server-shutdown"));
        return process;
    }
}
