package com.meter.siem.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Lambda Runtime API (2018-06-01) as the Lambda service serves it to a function's runtime: the runtime
 * long-polls {@code invocation/next}, gets an event with its request id and deadline in headers, and posts
 * the handler's result to {@code invocation/<id>/response} or its failure to {@code .../error}; a handler
 * that cannot even be loaded is posted to {@code init/error}. Serves one function process on loopback.
 */
final class RuntimeApi implements AutoCloseable {
    private static final String PREFIX = "/2018-06-01/runtime/";

    /** What the runtime answered for one invocation. */
    record Outcome(String requestId, boolean failed, String body, Map<String, String> headers) {
    }

    private record Invocation(String requestId, String payload, Instant deadline) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final BlockingQueue<Invocation> pending = new LinkedBlockingQueue<>();
    private final Map<String, CompletableFuture<Outcome>> outcomes = new ConcurrentHashMap<>();
    private final CompletableFuture<String> initError = new CompletableFuture<>();
    private final String functionArn;
    /** When the runtime first asked for an invocation: its init (the handler constructed) was over. */
    private final CompletableFuture<Long> firstPollNanos = new CompletableFuture<>();

    RuntimeApi(String functionArn) {
        this.functionArn = functionArn;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Runtime API", e);
        }
        server.createContext(PREFIX, this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** The value of AWS_LAMBDA_RUNTIME_API: host and port, no scheme. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Queues PAYLOAD for the runtime with TIMEOUT as its deadline and waits, a little longer than that,
     * for the outcome; fails when the runtime reported an init error or never answered.
     */
    Outcome invoke(String payload, Duration timeout) {
        String requestId = UUID.randomUUID().toString();
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        outcomes.put(requestId, outcome);
        pending.add(new Invocation(requestId, payload, Instant.now().plus(timeout)));
        try {
            return CompletableFuture.anyOf(outcome, initError.thenApply(error -> {
                throw new AssertionError("the runtime could not load the handler: " + error);
            })).thenApply(Outcome.class::cast).get(timeout.toMillis() + 10_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("no answer from the runtime within " + timeout.plusSeconds(10), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof AssertionError assertion ? assertion : new AssertionError(e.getCause());
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (path.equals("invocation/next") && exchange.getRequestMethod().equals("GET")) {
                next(exchange);
            } else if (path.equals("init/error")) {
                initError.complete(body);
                exchange.sendResponseHeaders(202, -1);
            } else if (path.startsWith("invocation/") && (path.endsWith("/response") || path.endsWith("/error"))) {
                String requestId = path.substring("invocation/".length(), path.lastIndexOf('/'));
                Map<String, String> headers = new ConcurrentHashMap<>();
                exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
                CompletableFuture<Outcome> outcome = outcomes.get(requestId);
                if (outcome == null) {
                    exchange.sendResponseHeaders(400, -1);
                    return;
                }
                outcome.complete(new Outcome(requestId, path.endsWith("/error"), body, headers));
                exchange.sendResponseHeaders(202, -1);
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        }
    }

    /** System.nanoTime() of the runtime's first poll: the end of its init. */
    long firstPollNanos() {
        return firstPollNanos.join();
    }

    private void next(HttpExchange exchange) throws IOException {
        firstPollNanos.complete(System.nanoTime());
        Invocation invocation;
        try {
            invocation = pending.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(500, -1);
            return;
        }
        byte[] payload = invocation.payload().getBytes(StandardCharsets.UTF_8);
        var headers = exchange.getResponseHeaders();
        headers.add("Content-Type", "application/json");
        headers.add("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
        headers.add("Lambda-Runtime-Deadline-Ms", Long.toString(invocation.deadline().toEpochMilli()));
        headers.add("Lambda-Runtime-Invoked-Function-Arn", functionArn);
        headers.add("Lambda-Runtime-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=0");
        exchange.sendResponseHeaders(200, payload.length);
        exchange.getResponseBody().write(payload);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
