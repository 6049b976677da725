package com.meter.siem.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Plays the pre-signed S3 URL that CloudFormation hands a custom resource for its answer: it records
 * every request and can be told to fail or to hang, the way S3 occasionally does.
 */
public final class ResponseUrlServer implements AutoCloseable {

    private static final String SIGNATURE = "deadbeefsignature";
    // Shaped like a real response URL (encoded stack ARN, several X-Amz parameters) so that a handler
    // that rebuilds or re-encodes the URL instead of using it verbatim is caught.
    private static final String PATH = "/cloudformation-response/"
            + "arn%3Aaws%3Acloudformation%3Aus-east-1%3A123456789012%3Astack/some-stack/"
            + "3f5c8e60-c8a1-11f0-9c3b-0a1b2c3d4e5f%7CSiemIntegration%7C6f1e2d3c";
    private static final String QUERY = "X-Amz-Algorithm=AWS4-HMAC-SHA256"
            + "&X-Amz-Date=20261123T000000Z"
            + "&X-Amz-SignedHeaders=host"
            + "&X-Amz-Expires=7199"
            + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20261123%2Fus-east-1%2Fs3%2Faws4_request"
            + "&X-Amz-Signature=" + SIGNATURE;
    private static final ObjectMapper JSON = new ObjectMapper();

    private sealed interface Behaviour {
    }

    private record Answer(int status) implements Behaviour {
    }

    private record Hang() implements Behaviour {
    }

    private static final Behaviour OK = new Answer(200);

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final HttpServer server;
    // Both guarded by this; the monitor also wakes the await methods.
    private final List<RecordedRequest> requests = new ArrayList<>();
    private final Deque<Behaviour> script = new ArrayDeque<>();

    public ResponseUrlServer() {
        Secrets.remember(SIGNATURE);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the response URL server", e);
        }
        server.createContext("/", this::handle);
        // One thread per request, so that hung requests never block the ones after them.
        server.setExecutor(executor);
        server.start();
    }

    /** Scheme, host and port of {@link #url()}: what a handler under test is told to accept besides CloudFormation's. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The pre-signed URL to put in the event's ResponseURL. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH + "?" + QUERY;
    }

    /** The secret part of {@link #url()}: it must never appear in a log. */
    public String signature() {
        return SIGNATURE;
    }

    public synchronized List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** Answers the next {@code times} requests with {@code statusCode}; later ones get 200 again. */
    public synchronized void failNext(int times, int statusCode) {
        if (statusCode < 100 || statusCode > 599) {
            throw new IllegalArgumentException("Not an HTTP status: " + statusCode);
        }
        schedule(times, new Answer(statusCode));
    }

    /** Accepts the next {@code times} requests but answers none of them before {@link #close()}. */
    public synchronized void hangNext(int times) {
        schedule(times, new Hang());
    }

    /** The first PUT, whatever it was answered: the one a single-attempt handler sends. */
    public RecordedRequest awaitResponse(Duration timeout) {
        return await(timeout, "a PUT to the response URL",
                () -> requests.stream().filter(request -> request.method().equals("PUT")).findFirst());
    }

    public JsonNode awaitResponseJson(Duration timeout) {
        RecordedRequest response = awaitResponse(timeout);
        try {
            return JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new AssertionError("The response body is not JSON: " + response.body(), e);
        }
    }

    /** Waits until at least {@code count} requests arrived, e.g. to see a handler retry. */
    public List<RecordedRequest> awaitRequests(int count, Duration timeout) {
        return await(timeout, count + " requests",
                () -> requests.size() >= count ? Optional.of(List.copyOf(requests)) : Optional.empty());
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private void schedule(int times, Behaviour behaviour) {
        if (times < 0) {
            throw new IllegalArgumentException("times must not be negative: " + times);
        }
        script.addAll(Collections.nCopies(times, behaviour));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            switch (record(exchange)) {
                case Answer(int status) -> exchange.sendResponseHeaders(status, -1);
                case Hang() -> holdUntilClosed();
            }
        }
    }

    private Behaviour record(HttpExchange exchange) throws IOException {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
        RecordedRequest request = new RecordedRequest(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(),
                Collections.unmodifiableMap(headers),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        synchronized (this) {
            requests.add(request);
            notifyAll();
            return Objects.requireNonNullElse(script.poll(), OK);
        }
    }

    private void holdUntilClosed() {
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized <T> T await(Duration timeout, String expected, Supplier<Optional<T>> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Optional<T> result;
        while ((result = condition.get()).isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("Expected " + expected + " within " + timeout + ", got " + summary());
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for " + expected, e);
            }
        }
        return result.get();
    }

    // Method and path only: the query holds the signature, which must not leak into test reports.
    private String summary() {
        return requests.isEmpty()
                ? "no request"
                : requests.stream().map(request -> request.method() + " " + request.path())
                        .collect(Collectors.joining(", ", "[", "]"));
    }
}
