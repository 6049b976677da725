package com.meter.siem.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A loopback HTTP proxy between the AWS SDK and moto that fails chosen AWS calls the way AWS and networks
 * fail them: throttling and 5xx errors in the protocol's own error shape, connection resets before or after
 * moto performed the call, and delays. Calls that no rule picks are forwarded to moto byte for byte (the
 * signed Host header included) and moto's answer is returned, except where moto is more lenient than AWS:
 * the proxy applies CreateStream's tags, expands ALL in EnableEnhancedMonitoring, refuses a GetMetricData
 * request of more than 500 queries, and, once asked ({@link #pageMetricData}, {@link #pageTags}), answers
 * GetMetricData and the tag listings of Kinesis and Firehose in pages, as AWS does.
 *
 * <p>Rules pick calls by AWS operation, read from the request as AWS reads it: the {@code X-Amz-Target}
 * header of JSON protocols (Kinesis, Secrets Manager, DynamoDB), or the {@code Action} form field of the
 * query protocol (IAM, SNS, and CloudWatch, which SDK 2.35 still calls over the query protocol). The
 * service is the signing name in the Authorization header's credential scope. A rule fires on the next
 * N matching calls, on every one, or at a rate drawn from a seeded {@link Random}, so a run is repeatable.
 * The first rule that fires wins. The proxy records every call it saw and every fault it injected.
 *
 * <p>Where moto is more lenient than AWS in a way the product must handle, the proxy answers as AWS does
 * for every call: CreateStream's tags are applied with the stream, CreateSecret of a name scheduled for
 * deletion is refused, and {@link KinesisRules} refuses the Kinesis calls that AWS's documented limits
 * refuse, counting time on the clock the test gives it.
 *
 * <p>It is a plain ServerSocket rather than com.sun.net.httpserver, because a connection reset needs
 * control of the socket: it closes with SO_LINGER 0, which sends a TCP RST instead of an answer.
 */
public final class FaultProxy implements AutoCloseable {

    /** What happens to a call that a rule picked. */
    public sealed interface Fault permits Throttle, ServerError, Refusal, EchoingRefusal, Reset, LostResponse, Delay {
    }

    /** The service's throttling error, as AWS sends it when a control-plane rate limit is hit. */
    public record Throttle() implements Fault {
    }

    /** An HTTP 5xx with the protocol's error body; moto never sees the call. */
    public record ServerError(int status) implements Fault {
        public ServerError {
            if (status < 500 || status > 599) {
                throw new IllegalArgumentException("not a 5xx status: " + status);
            }
        }
    }

    /** A 400 with this error code and message, in the protocol's error shape; moto never sees the call. */
    public record Refusal(String code, String message) implements Fault {
    }

    /**
     * A 400 with this error code whose message quotes a field of the JSON request, as some AWS errors quote
     * what they were sent: what a handler must never pass on unmasked when it is a secret.
     */
    public record EchoingRefusal(String code, String field) implements Fault {
    }

    /** The connection is reset before the call reaches moto: nothing happened. */
    public record Reset() implements Fault {
    }

    /**
     * moto performs the call, then the connection is reset before the answer: the call happened but the
     * caller cannot know it, and the SDK's retry repeats a call that already took effect.
     */
    public record LostResponse() implements Fault {
    }

    /** The call is held this long before it is forwarded; closing the proxy drops it unforwarded. */
    public record Delay(Duration duration) implements Fault {
    }

    /** One injected fault: the call as {@code service:Operation}, and the fault. */
    public record Injection(String call, Fault fault) {
    }

    public static Fault throttle() {
        return new Throttle();
    }

    public static Fault serverError(int status) {
        return new ServerError(status);
    }

    public static Fault refusal(String code, String message) {
        return new Refusal(code, message);
    }

    public static Fault refusalQuoting(String code, String field) {
        return new EchoingRefusal(code, field);
    }

    public static Fault reset() {
        return new Reset();
    }

    public static Fault lostResponse() {
        return new LostResponse();
    }

    public static Fault delay(Duration duration) {
        return new Delay(duration);
    }

    private static final Pattern SIGNING_SERVICE = Pattern.compile("Credential=[^/]+/[^/]+/[^/]+/([^/]+)/aws4_request");
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "content-length", "te", "trailer", "upgrade");
    private static final Duration MOTO_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SHARD_LEVEL_METRICS = List.of("IncomingBytes", "IncomingRecords", "OutgoingBytes",
            "OutgoingRecords", "WriteProvisionedThroughputExceeded", "ReadProvisionedThroughputExceeded",
            "IteratorAgeMilliseconds");
    /** Secrets Manager's words, from its API reference's InvalidRequestException. */
    public static final String SECRET_NAME_SCHEDULED_FOR_DELETION =
            "You can't create this secret because a secret with this name is already scheduled for deletion.";

    private final URI upstream;
    private final KinesisRules kinesisRules;
    private final ServerSocket server;
    private final Thread acceptor;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final Set<Thread> workers = ConcurrentHashMap.newKeySet();
    // All guarded by this; the monitor also wakes awaitIdle.
    private final List<Rule> rules = new ArrayList<>();
    private final List<String> calls = new ArrayList<>();
    private final List<Injection> injected = new ArrayList<>();
    private int inFlight;
    private volatile boolean closed;
    /** What one GetMetricData request may hold; moto takes any number. */
    private static final int MAX_METRIC_DATA_QUERIES = 500;
    private volatile int metricDataPageSize;
    private final MetricDataPages metricDataPages = new MetricDataPages();
    private static final Set<String> TAG_LISTINGS = Set.of("kinesis:ListTagsForStream",
            "firehose:ListTagsForDeliveryStream");
    private volatile int tagPageSize;

    /** Starts the proxy on a free loopback port, forwarding to {@code upstream} (moto's endpoint). */
    public FaultProxy(URI upstream) {
        this(upstream, Clock.systemUTC());
    }

    /** @param clock what Kinesis's limits per 24 hours are counted on; tests move it by hand */
    public FaultProxy(URI upstream, Clock clock) {
        this.upstream = upstream;
        this.kinesisRules = new KinesisRules(clock);
        try {
            server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the fault proxy", e);
        }
        acceptor = Thread.ofPlatform().daemon().name("fault-proxy-accept").start(this::acceptLoop);
    }

    /** Where to point SDK clients ({@code endpointOverride}). */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /**
     * Selects calls for a rule. Each selector is {@code *} (every AWS call), a service's signing name with
     * {@code :*} ({@code iam:*}), an operation ({@code CreatePolicy}) or both ({@code iam:CreatePolicy}).
     */
    public Selection on(String... selectors) {
        if (selectors.length == 0) {
            throw new IllegalArgumentException("name at least one call, or * for all");
        }
        return new Selection(List.of(selectors));
    }

    /**
     * From now on answers GetMetricData in pages as CloudWatch does (see {@link MetricDataPages}), at most
     * {@code maxDatapoints} datapoints a page unless the request sets MaxDatapoints: a small page stands in for
     * CloudWatch's default of 100,800, which a test could not fill in reasonable time. moto never pages.
     */
    public void pageMetricData(int maxDatapoints) {
        if (maxDatapoints < 1) {
            throw new IllegalArgumentException("maxDatapoints must be at least 1: " + maxDatapoints);
        }
        metricDataPageSize = maxDatapoints;
    }

    /**
     * From now on answers Kinesis's ListTagsForStream and Firehose's ListTagsForDeliveryStream in pages of at
     * most {@code tagsPerPage} tags, in key order, after the request's ExclusiveStartTagKey: a page smaller than
     * a resource's few tags shows whether a caller reads every page. moto answers every tag at once unless
     * the request sets a Limit, which the gateways do not.
     */
    public void pageTags(int tagsPerPage) {
        if (tagsPerPage < 1) {
            throw new IllegalArgumentException("tagsPerPage must be at least 1: " + tagsPerPage);
        }
        tagPageSize = tagsPerPage;
    }

    /** Sets the account's Kinesis shard quota that scale-ups and DescribeLimits are held to (500 unless set). */
    public void kinesisShardQuota(int limit) {
        kinesisRules.shardQuota(limit);
    }

    /** Removes every rule: later calls are forwarded untouched. What was recorded is kept. */
    public synchronized void clear() {
        rules.clear();
    }

    /** Every AWS call that reached the proxy, as {@code service:Operation}, in arrival order. */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    public synchronized List<Injection> injected() {
        return List.copyOf(injected);
    }

    public synchronized int injectedCount() {
        return injected.size();
    }

    /** How many faults of each kind were injected, e.g. {@code {Throttle=4, LostResponse=2}}. */
    public synchronized Map<String, Long> injectedByKind() {
        return injected.stream().collect(Collectors.groupingBy(i -> i.fault().getClass().getSimpleName(),
                java.util.TreeMap::new, Collectors.counting()));
    }

    /** Waits until no call is being held, forwarded or answered, e.g. for a delayed call to land. */
    public synchronized void awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(inFlight + " call(s) still in flight after " + timeout);
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for the proxy to go idle", e);
            }
        }
    }

    /** Stops accepting, resets open connections and drops held (delayed) calls without forwarding them. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        connections.forEach(FaultProxy::resetQuietly);
        workers.forEach(Thread::interrupt);
        acceptor.interrupt();
    }

    /** The rule being built by {@link #on}: says which fault, and when it fires. */
    public final class Selection {
        private final List<String> selectors;
        private final int passed;

        private Selection(List<String> selectors) {
            this(selectors, 0);
        }

        private Selection(List<String> selectors, int passed) {
            this.selectors = selectors;
            this.passed = passed;
        }

        /** Lets the first {@code calls} matching calls through untouched before the rule starts firing. */
        public Selection afterFirst(int calls) {
            if (calls < 1) {
                throw new IllegalArgumentException("calls must be at least 1: " + calls);
            }
            return new Selection(selectors, calls);
        }

        /** Fails the next {@code times} matching calls, then lets them through. */
        public void next(int times, Fault fault) {
            if (times < 1) {
                throw new IllegalArgumentException("times must be at least 1: " + times);
            }
            add(new Rule(selectors, passed, fault, times, 1.0, null));
        }

        /** Fails every matching call, every SDK attempt included. */
        public void always(Fault fault) {
            add(new Rule(selectors, passed, fault, Integer.MAX_VALUE, 1.0, null));
        }

        /** Fails each matching call with probability {@code rate}, drawn from {@code new Random(seed)}. */
        public void atRate(double rate, long seed, Fault fault) {
            if (rate <= 0 || rate > 1) {
                throw new IllegalArgumentException("rate must be in (0, 1]: " + rate);
            }
            add(new Rule(selectors, passed, fault, Integer.MAX_VALUE, rate, new Random(seed)));
        }

        private void add(Rule rule) {
            synchronized (FaultProxy.this) {
                rules.add(rule);
            }
        }
    }

    private static final class Rule {
        private final List<String> selectors;
        private final Fault fault;
        private final double rate;
        private final Random random;
        private int remaining;
        private int toPass;

        Rule(List<String> selectors, int toPass, Fault fault, int remaining, double rate, Random random) {
            this.selectors = selectors;
            this.toPass = toPass;
            this.fault = fault;
            this.remaining = remaining;
            this.rate = rate;
            this.random = random;
        }

        boolean matches(Call call) {
            return selectors.stream().anyMatch(selector -> selector.equals("*")
                    || selector.equals(call.service() + ":*")
                    || selector.equals(call.operation())
                    || selector.equals(call.name()));
        }

        /** Draws for every matching call, so a seeded run sees the same sequence whatever the rate. */
        boolean fires() {
            if (toPass > 0) {
                toPass--;
                return false;
            }
            if (remaining <= 0) {
                return false;
            }
            boolean fires = random == null || random.nextDouble() < rate;
            if (fires) {
                remaining--;
            }
            return fires;
        }
    }

    private enum Protocol { JSON, QUERY, OTHER }

    /** One AWS call as the proxy identifies it. */
    private record Call(String service, String operation, Protocol protocol, String contentType) {
        String name() {
            return service + ":" + operation;
        }

        static Call of(HttpMessage request) {
            String authorization = request.header("authorization");
            Matcher scope = SIGNING_SERVICE.matcher(authorization == null ? "" : authorization);
            String service = scope.find() ? scope.group(1) : "unknown";
            String contentType = request.header("content-type");
            String target = request.header("x-amz-target");
            if (target != null) {
                return new Call(service, target.substring(target.lastIndexOf('.') + 1), Protocol.JSON, contentType);
            }
            if (contentType != null && contentType.startsWith("application/x-www-form-urlencoded")) {
                String action = formField(new String(request.body(), StandardCharsets.UTF_8), "Action");
                if (action != null) {
                    return new Call(service, action, Protocol.QUERY, contentType);
                }
            }
            return new Call(service, request.startLine().split(" ")[1], Protocol.OTHER, contentType);
        }

        private static String formField(String form, String name) {
            for (String pair : form.split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0 && URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8).equals(name)) {
                    return URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                }
            }
            return null;
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            connections.add(client);
            // A thread per connection: a held (delayed) call must not hold up the others.
            workers.add(Thread.ofVirtual().name("fault-proxy-connection").start(() -> {
                try {
                    serve(client);
                } finally {
                    connections.remove(client);
                    workers.remove(Thread.currentThread());
                }
            }));
        }
    }

    /** Serves the requests of one kept-alive connection until the client or a fault closes it. */
    private void serve(Socket client) {
        try (client) {
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = new BufferedOutputStream(client.getOutputStream());
            while (!closed) {
                HttpMessage request = HttpMessage.read(in, true);
                if (request == null) {
                    return;
                }
                begin();
                try {
                    if (!handle(client, request, out)) {
                        return;
                    }
                } finally {
                    end();
                }
            }
        } catch (IOException | InterruptedException e) {
            // The client went away, or the proxy closed: nothing to answer.
        }
    }

    /** @return whether the connection stays open for another request */
    private boolean handle(Socket client, HttpMessage request, OutputStream out)
            throws IOException, InterruptedException {
        Call call = Call.of(request);
        Fault fault = decide(call);
        boolean keepAlive = !"close".equalsIgnoreCase(request.header("connection"));
        switch (fault) {
            case null -> relay(forward(call, request), keepAlive, out);
            case Throttle() -> errorResponse(call, 400, throttleCode(call), "Rate exceeded").write(out, keepAlive);
            case ServerError(int status) -> errorResponse(call, status,
                    status == 503 ? "ServiceUnavailable" : "InternalFailure",
                    "Injected HTTP " + status + " by FaultProxy").write(out, keepAlive);
            case Refusal(String code, String message) -> errorResponse(call, 400, code, message).write(out, keepAlive);
            case EchoingRefusal(String code, String field) -> errorResponse(call, 400, code, "Invalid " + field + ": "
                    + JSON.readTree(request.body()).path(field).asText()).write(out, keepAlive);
            case Reset() -> {
                resetQuietly(client);
                return false;
            }
            case LostResponse() -> {
                forward(call, request);
                resetQuietly(client);
                return false;
            }
            case Delay(Duration duration) -> {
                Thread.sleep(duration);
                relay(forward(call, request), keepAlive, out);
            }
        }
        return keepAlive;
    }

    private synchronized Fault decide(Call call) {
        if (call.protocol() == Protocol.OTHER && call.service().equals("unknown")) {
            return null; // not an AWS call (moto's own API): never faulted, never counted
        }
        calls.add(call.name());
        for (Rule rule : rules) {
            if (rule.matches(call) && rule.fires()) {
                injected.add(new Injection(call.name(), rule.fault));
                return rule.fault;
            }
        }
        return null;
    }

    /** Kinesis signals control-plane throttling with LimitExceededException "Rate exceeded". */
    private static String throttleCode(Call call) {
        return switch (call.protocol()) {
            case JSON -> call.service().equals("kinesis") ? "LimitExceededException" : "ThrottlingException";
            case QUERY, OTHER -> "Throttling";
        };
    }

    private static HttpMessage errorResponse(Call call, int status, String code, String message) {
        String requestId = UUID.randomUUID().toString();
        String reason = status == 400 ? "Bad Request" : status == 503 ? "Service Unavailable" : "Internal Server Error";
        List<String[]> headers = new ArrayList<>();
        headers.add(new String[] {"x-amzn-RequestId", requestId});
        String body;
        if (call.protocol() == Protocol.JSON) {
            headers.add(new String[] {"Content-Type", call.contentType() == null ? "application/x-amz-json-1.1"
                    : call.contentType()});
            headers.add(new String[] {"x-amzn-ErrorType", code});
            body = "{\"__type\":\"%s\",\"message\":\"%s\"}".formatted(code, message);
        } else {
            headers.add(new String[] {"Content-Type", "text/xml"});
            body = ("<ErrorResponse><Error><Type>%s</Type><Code>%s</Code><Message>%s</Message></Error>"
                    + "<RequestId>%s</RequestId></ErrorResponse>").formatted(status < 500 ? "Sender" : "Receiver",
                    code, message, requestId);
        }
        return new HttpMessage("HTTP/1.1 " + status + " " + reason, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private HttpMessage forward(Call call, HttpMessage request) throws IOException {
        if (call.name().equals("monitoring:GetMetricData") && Call.formField(new String(request.body(),
                StandardCharsets.UTF_8), "MetricDataQueries.member.%d.Id".formatted(MAX_METRIC_DATA_QUERIES + 1)) != null) {
            return errorResponse(call, 400, "ValidationError", "The collection MetricDataQueries must not have a size"
                    + " greater than %d.".formatted(MAX_METRIC_DATA_QUERIES));
        }
        if (call.name().equals("monitoring:GetMetricData") && metricDataPageSize > 0) {
            return pagedMetricData(call, request);
        }
        if (TAG_LISTINGS.contains(call.name()) && tagPageSize > 0) {
            return pagedTags(request);
        }
        if (call.name().equals("secretsmanager:CreateSecret") && scheduledForDeletion(request)) {
            return errorResponse(call, 400, "InvalidRequestException", SECRET_NAME_SCHEDULED_FOR_DELETION);
        }
        if (call.service().equals("kinesis") && call.protocol() == Protocol.JSON) {
            KinesisRules.Moto moto = (operation, body) -> kinesisCall(request, operation, body);
            JsonNode answer = kinesisRules.answer(call.operation(), moto);
            if (answer != null) {
                List<String[]> headers = List.of(new String[] {"Content-Type", call.contentType()},
                        new String[] {"x-amzn-RequestId", UUID.randomUUID().toString()});
                return new HttpMessage("HTTP/1.1 200 OK", headers, JSON.writeValueAsBytes(answer));
            }
            Refusal refusal = kinesisRules.check(call.operation(), request.body(), moto);
            if (refusal != null) {
                return errorResponse(call, 400, refusal.code(), refusal.message());
            }
        }
        HttpMessage response = forward(call.name().equals("kinesis:EnableEnhancedMonitoring")
                ? expandAllMetrics(request) : request);
        if (call.name().equals("kinesis:CreateStream") && response != null && response.startLine().contains(" 200 ")) {
            applyCreationTags(request);
        }
        return response;
    }

    /** The first page of moto's answer, or the page a NextToken asks for. */
    private HttpMessage pagedMetricData(Call call, HttpMessage request) throws IOException {
        String form = new String(request.body(), StandardCharsets.UTF_8);
        String token = Call.formField(form, "NextToken");
        if (token != null) {
            byte[] page = metricDataPages.nextPage(token);
            if (page == null) {
                return errorResponse(call, 400, "InvalidNextToken", "The service couldn't find the NextToken");
            }
            return new HttpMessage("HTTP/1.1 200 OK", List.<String[]>of(new String[] {"Content-Type", "text/xml"},
                    new String[] {"x-amzn-RequestId", UUID.randomUUID().toString()}), page);
        }
        HttpMessage whole = forward(request);
        if (whole == null || !whole.startLine().contains(" 200 ")) {
            return whole;
        }
        String max = Call.formField(form, "MaxDatapoints");
        return new HttpMessage(whole.startLine(), whole.headers(), metricDataPages.firstPage(whole.body(),
                max == null ? metricDataPageSize : Integer.parseInt(max)));
    }

    /** Every tag from moto, then the page after the request's ExclusiveStartTagKey. */
    private HttpMessage pagedTags(HttpMessage request) throws IOException {
        ObjectNode body = (ObjectNode) JSON.readTree(request.body());
        String after = body.path("ExclusiveStartTagKey").asText("");
        body.remove(List.of("ExclusiveStartTagKey", "Limit"));
        HttpMessage whole = forward(new HttpMessage(request.startLine(), request.headers(),
                JSON.writeValueAsBytes(body)));
        if (whole == null || !whole.startLine().contains(" 200 ")) {
            return whole;
        }
        ObjectNode answer = (ObjectNode) JSON.readTree(whole.body());
        List<JsonNode> rest = new ArrayList<>();
        answer.path("Tags").forEach(tag -> {
            if (tag.path("Key").asText().compareTo(after) > 0) {
                rest.add(tag);
            }
        });
        rest.sort(Comparator.comparing(tag -> tag.path("Key").asText()));
        answer.putArray("Tags").addAll(rest.subList(0, Math.min(tagPageSize, rest.size())));
        answer.put("HasMoreTags", rest.size() > tagPageSize);
        return new HttpMessage(whole.startLine(), whole.headers(), JSON.writeValueAsBytes(answer));
    }

    /**
     * Kinesis enables every shard-level metric for ALL and from then on reports each by its own name, never
     * ALL (see the EnableEnhancedMonitoring example of the AWS CLI reference); moto 5.2 stores ALL as given.
     */
    private static HttpMessage expandAllMetrics(HttpMessage request) throws IOException {
        JsonNode body = JSON.readTree(request.body());
        JsonNode metrics = body.path("ShardLevelMetrics");
        boolean all = false;
        for (JsonNode metric : metrics) {
            all |= metric.asText().equals("ALL");
        }
        if (!all) {
            return request;
        }
        ArrayNode expanded = ((ObjectNode) body).putArray("ShardLevelMetrics");
        SHARD_LEVEL_METRICS.forEach(expanded::add);
        return new HttpMessage(request.startLine(), request.headers(), JSON.writeValueAsBytes(body));
    }

    /**
     * AWS applies CreateStream's Tags with the stream, atomically; moto 5.2 ignores them, so a stream whose
     * CreateStream answer is lost would look untagged, hence not the stack's, only in moto. Tagging it right
     * away keeps moto as close to AWS as the tests need.
     */
    private void applyCreationTags(HttpMessage createStream) throws IOException {
        JsonNode body = JSON.readTree(createStream.body());
        if (!body.path("Tags").isObject() || body.path("Tags").isEmpty()) {
            return;
        }
        ObjectNode addTags = JSON.createObjectNode();
        addTags.set("StreamName", body.get("StreamName"));
        addTags.set("Tags", body.get("Tags"));
        if (kinesisCall(createStream, "AddTagsToStream", addTags) == null) {
            throw new IOException("moto did not tag the new stream " + body.get("StreamName"));
        }
    }

    /**
     * AWS refuses CreateSecret with InvalidRequestException while a secret of that name is scheduled for
     * deletion; moto 5.2 answers ResourceExistsException, as for a live secret. The proxy asks moto whether
     * the name's secret has a DeletedDate and answers as AWS does.
     */
    private boolean scheduledForDeletion(HttpMessage createSecret) throws IOException {
        ObjectNode describe = JSON.createObjectNode();
        describe.set("SecretId", JSON.readTree(createSecret.body()).get("Name"));
        List<String[]> headers = createSecret.headers().stream()
                .filter(h -> !h[0].equalsIgnoreCase("x-amz-target")).collect(Collectors.toCollection(ArrayList::new));
        headers.add(new String[] {"X-Amz-Target", "secretsmanager.DescribeSecret"});
        HttpMessage described = forward(new HttpMessage(createSecret.startLine(), headers, JSON.writeValueAsBytes(describe)));
        return described != null && described.startLine().contains(" 200 ")
                && JSON.readTree(described.body()).hasNonNull("DeletedDate");
    }

    /**
     * Another Kinesis call on moto, made with the headers of {@code like} (moto does not check signatures).
     *
     * @return the answer's JSON body, or null when moto refused the call
     */
    private JsonNode kinesisCall(HttpMessage like, String operation, ObjectNode body) throws IOException {
        List<String[]> headers = like.headers().stream()
                .filter(h -> !h[0].equalsIgnoreCase("x-amz-target")).collect(Collectors.toCollection(ArrayList::new));
        headers.add(new String[] {"X-Amz-Target", "Kinesis_20131202." + operation});
        HttpMessage answer = forward(new HttpMessage(like.startLine(), headers, JSON.writeValueAsBytes(body)));
        if (answer == null || !answer.startLine().contains(" 200 ")) {
            return null;
        }
        return answer.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(answer.body());
    }

    /** One request on a fresh connection to moto, closed after the answer: no keep-alive state to get wrong. */
    private HttpMessage forward(HttpMessage request) throws IOException {
        try (Socket moto = new Socket()) {
            moto.connect(new InetSocketAddress(upstream.getHost(), upstream.getPort()), (int) MOTO_TIMEOUT.toMillis());
            moto.setSoTimeout((int) MOTO_TIMEOUT.toMillis());
            OutputStream out = new BufferedOutputStream(moto.getOutputStream());
            request.withoutHopByHop().write(out, false);
            return HttpMessage.read(new BufferedInputStream(moto.getInputStream()), false);
        }
    }

    private static void relay(HttpMessage response, boolean keepAlive, OutputStream out) throws IOException {
        if (response == null) {
            throw new EOFException("moto closed the connection without an answer");
        }
        response.withoutHopByHop().write(out, keepAlive);
    }

    private synchronized void begin() {
        inFlight++;
    }

    private synchronized void end() {
        inFlight--;
        notifyAll();
    }

    private static void resetQuietly(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    /** An HTTP/1.1 request or response, read whole. Header names keep their case; lookups ignore it. */
    private record HttpMessage(String startLine, List<String[]> headers, byte[] body) {

        String header(String name) {
            for (String[] header : headers) {
                if (header[0].equalsIgnoreCase(name)) {
                    return header[1];
                }
            }
            return null;
        }

        HttpMessage withoutHopByHop() {
            List<String[]> kept = headers.stream()
                    .filter(h -> !HOP_BY_HOP.contains(h[0].toLowerCase(Locale.ROOT))).toList();
            return new HttpMessage(startLine, kept, body);
        }

        /** Writes with a Content-Length, and the connection header the caller chose. */
        void write(OutputStream out, boolean keepAlive) throws IOException {
            StringBuilder head = new StringBuilder(startLine).append("\r\n");
            for (String[] header : headers) {
                head.append(header[0]).append(": ").append(header[1]).append("\r\n");
            }
            head.append("Content-Length: ").append(body.length).append("\r\n");
            head.append("Connection: ").append(keepAlive ? "keep-alive" : "close").append("\r\n\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
        }

        /** @return null on a clean end of stream before a message starts */
        static HttpMessage read(InputStream in, boolean isRequest) throws IOException {
            String startLine = readLine(in);
            if (startLine == null) {
                return null;
            }
            List<String[]> headers = new ArrayList<>();
            for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.add(new String[] {line.substring(0, colon).trim(), line.substring(colon + 1).trim()});
                }
            }
            HttpMessage head = new HttpMessage(startLine, Collections.unmodifiableList(headers), new byte[0]);
            return new HttpMessage(startLine, head.headers(), readBody(in, head, isRequest));
        }

        private static byte[] readBody(InputStream in, HttpMessage head, boolean isRequest) throws IOException {
            String encoding = head.header("transfer-encoding");
            if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
                return readChunked(in);
            }
            String length = head.header("content-length");
            if (length != null) {
                int size = Integer.parseInt(length.trim());
                byte[] body = in.readNBytes(size);
                if (body.length < size) {
                    throw new EOFException("body cut short: " + body.length + " of " + size + " bytes");
                }
                return body;
            }
            if (isRequest || bodiless(head.startLine())) {
                return new byte[0];
            }
            return in.readAllBytes(); // a response without a length ends with the connection
        }

        private static boolean bodiless(String statusLine) {
            String[] parts = statusLine.split(" ");
            return parts.length > 1 && (parts[1].startsWith("1") || parts[1].equals("204") || parts[1].equals("304"));
        }

        private static byte[] readChunked(InputStream in) throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = readLine(in);
                if (sizeLine == null) {
                    throw new EOFException("chunked body cut short");
                }
                int semicolon = sizeLine.indexOf(';');
                int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
                if (size == 0) {
                    for (String trailer = readLine(in); trailer != null && !trailer.isEmpty(); trailer = readLine(in)) {
                        // trailers are dropped
                    }
                    return body.toByteArray();
                }
                body.write(in.readNBytes(size));
                readLine(in);
            }
        }

        /** A CRLF-terminated line in ISO-8859-1, without the terminator; null at end of stream. */
        private static String readLine(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            int b;
            try {
                while ((b = in.read()) != -1) {
                    if (b == '\n') {
                        int end = line.length();
                        return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
                    }
                    line.append((char) b);
                }
            } catch (SocketException resetOrClosed) {
                if (line.isEmpty()) {
                    return null;
                }
                throw resetOrClosed;
            }
            return line.isEmpty() ? null : line.toString();
        }
    }
}
