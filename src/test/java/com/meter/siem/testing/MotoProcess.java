package com.meter.siem.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One moto_server process on a free loopback port, logging to a file: the part that {@link MotoServer}
 * (shared, IAM not enforced) and {@link AuthorizingMoto} (IAM enforced) have in common.
 */
final class MotoProcess {

    /** moto_server reads it at start: that many requests are served unauthenticated, then IAM is enforced. */
    static final String NO_AUTH_COUNT_VARIABLE = "INITIAL_NO_AUTH_ACTION_COUNT";

    private static final String HOST = "127.0.0.1";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
    /** Short: moto answers about a second after its start, and every test run and the try-out wait for it. */
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final int LOG_TAIL_LINES = 30;
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1))
            .build();

    private final Process process;
    private final URI endpoint;

    private MotoProcess(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /**
     * Starts moto_server and waits until it answers. {@value #NO_AUTH_COUNT_VARIABLE} is taken from
     * {@code environment} only, never inherited from the shell running the build: a stray value there
     * would switch IAM enforcement on (or off) behind the tests' back.
     */
    static MotoProcess start(Path logFile, Map<String, String> environment) {
        Path executable = MotoServer.executableOnPath(System.getenv("PATH"));
        int port = freeLoopbackPort();
        Process process = launch(executable, port, logFile, environment);
        URI uri = URI.create("http://" + HOST + ":" + port);
        MotoProcess moto = new MotoProcess(process, uri);
        moto.awaitReady(logFile);
        return moto;
    }

    URI endpoint() {
        return endpoint;
    }

    /** POSTs {@code body} to one of moto's own endpoints (/moto-api/...), which moto never authorizes. */
    String post(String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve(path))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .timeout(REQUEST_TIMEOUT)
                .build();
        HttpResponse<String> response;
        try {
            response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("moto_server did not answer " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while calling moto_server", e);
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("moto " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }

    void stop() {
        // Launchers such as pip's console scripts may leave the real server running as a child. Killed, not
        // asked to stop: moto keeps nothing worth a graceful exit, which takes it half a second.
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback port for moto_server", e);
        }
    }

    private static Process launch(Path executable, int port, Path logFile, Map<String, String> environment) {
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            // moto logs every request; a file keeps the test output readable and explains startup failures.
            ProcessBuilder builder = new ProcessBuilder(executable.toString(), "-H", HOST, "-p", Integer.toString(port))
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile());
            builder.environment().remove(NO_AUTH_COUNT_VARIABLE);
            builder.environment().putAll(environment);
            return builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start " + executable + ": " + e.getMessage(), e);
        }
    }

    private void awaitReady(Path logFile) {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw startupFailure("moto_server exited with code " + process.exitValue() + " during startup",
                        logFile);
            }
            if (answers()) {
                return;
            }
            pause();
        }
        stop();
        throw startupFailure("moto_server did not answer on " + endpoint + " within " + STARTUP_TIMEOUT.toSeconds()
                + " s", logFile);
    }

    private boolean answers() {
        HttpRequest probe = HttpRequest.newBuilder(endpoint.resolve("/moto-api/")).timeout(Duration.ofSeconds(2))
                .build();
        try {
            return HTTP.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notListeningYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for moto_server", e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_INTERVAL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for moto_server", e);
        }
    }

    private static IllegalStateException startupFailure(String reason, Path logFile) {
        return new IllegalStateException(reason + "; last lines of " + logFile.toAbsolutePath() + ":\n"
                + logTail(logFile));
    }

    private static String logTail(Path logFile) {
        try {
            // Lenient decoding: a stack trace with odd bytes must not hide the startup failure.
            List<String> lines = new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }
}
