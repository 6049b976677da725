package com.meter.siem.testing;

import java.io.File;
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
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The one moto_server of this test JVM, started on first use and shared by every test class:
 * starting moto costs seconds, while wiping its state with {@link #reset()} is cheap.
 */
public final class MotoServer {

    static final String NOT_FOUND_MESSAGE = "moto_server not found on PATH: the integration tests need it."
            + " Install it with: pip install \"moto[server]\"";

    private static final String EXECUTABLE = "moto_server";
    private static final String HOST = "127.0.0.1";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Path LOG_FILE = Path.of("target", "moto-server.log");
    private static final int LOG_TAIL_LINES = 30;
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1))
            .build();

    private static URI endpoint;
    private static IllegalStateException startupFailure;

    private MotoServer() {
    }

    /** Starts moto if this JVM has not yet, and returns its loopback endpoint. */
    public static synchronized URI endpoint() {
        if (startupFailure != null) {
            // Every later test fails with the original reason instead of waiting for a startup again.
            throw new IllegalStateException(startupFailure.getMessage(), startupFailure);
        }
        if (endpoint == null) {
            try {
                endpoint = start();
            } catch (IllegalStateException e) {
                startupFailure = e;
                throw e;
            }
        }
        return endpoint;
    }

    /** Forgets every resource created so far, so that tests cannot see each other's state. */
    public static void reset() {
        HttpRequest request = HttpRequest.newBuilder(endpoint().resolve("/moto-api/reset"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .timeout(REQUEST_TIMEOUT)
                .build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("moto reset answered " + response.statusCode() + ": " + response.body());
        }
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

    private static URI start() {
        Path executable = executableOnPath(System.getenv("PATH"));
        int port = freeLoopbackPort();
        Process process = launch(executable, port);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process), "moto-server-shutdown"));
        URI uri = URI.create("http://" + HOST + ":" + port);
        awaitReady(process, uri);
        return uri;
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback port for moto_server", e);
        }
    }

    private static Process launch(Path executable, int port) {
        try {
            Files.createDirectories(LOG_FILE.getParent());
            // moto logs every request; a file keeps the test output readable and explains startup failures.
            return new ProcessBuilder(executable.toString(), "-H", HOST, "-p", Integer.toString(port))
                    .redirectErrorStream(true)
                    .redirectOutput(LOG_FILE.toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start " + executable + ": " + e.getMessage(), e);
        }
    }

    private static void awaitReady(Process process, URI uri) {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw startupFailure("moto_server exited with code " + process.exitValue() + " during startup");
            }
            if (answers(uri)) {
                return;
            }
            pause();
        }
        stop(process);
        throw startupFailure("moto_server did not answer on " + uri + " within " + STARTUP_TIMEOUT.toSeconds() + " s");
    }

    private static boolean answers(URI uri) {
        HttpRequest probe = HttpRequest.newBuilder(uri.resolve("/moto-api/")).timeout(Duration.ofSeconds(2)).build();
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

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("moto_server did not answer " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while calling moto_server", e);
        }
    }

    private static IllegalStateException startupFailure(String reason) {
        return new IllegalStateException(reason + "; last lines of " + LOG_FILE.toAbsolutePath() + ":\n" + logTail());
    }

    private static String logTail() {
        try {
            // Lenient decoding: a stack trace with odd bytes must not hide the startup failure.
            List<String> lines = new String(Files.readAllBytes(LOG_FILE), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static void stop(Process process) {
        // Launchers such as pip's console scripts may leave the real server running as a child.
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
