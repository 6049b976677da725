package com.meter.siem.handler;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.meter.siem.aws.AwsClients;
import com.meter.siem.aws.AwsErrors;
import com.meter.siem.aws.FirehoseDeliveryStreams;
import com.meter.siem.aws.IamRolesAndPolicies;
import com.meter.siem.aws.KinesisStreams;
import com.meter.siem.aws.SecretsManagerSecrets;
import com.meter.siem.provisioning.ArchiveProperties;
import com.meter.siem.provisioning.ArchiveProvisioner;
import com.meter.siem.provisioning.ArchiveSpec;
import com.meter.siem.provisioning.DeleteSpec;
import com.meter.siem.provisioning.IamGateway;
import com.meter.siem.provisioning.IntegrationProperties;
import com.meter.siem.provisioning.IntegrationSpec;
import com.meter.siem.provisioning.InvalidPropertiesException;
import com.meter.siem.provisioning.Outcome;
import com.meter.siem.provisioning.Ownership;
import com.meter.siem.provisioning.Placement;
import com.meter.siem.provisioning.PreviousProperties;
import com.meter.siem.provisioning.Progress;
import com.meter.siem.provisioning.ProvisioningException;
import com.meter.siem.provisioning.Provisioner;
import com.meter.siem.provisioning.SecretGateway;
import com.meter.siem.provisioning.StreamGateway;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.utils.Lazy;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The Lambda behind {@code Custom::MeterSiemIntegration} and {@code Custom::MeterSiemArchiveDelivery}. It owns
 * the custom resource protocol: reads the request leniently ({@link CustomResourceRequest}), delegates to the
 * {@link Provisioner} or the {@link ArchiveProvisioner} under a {@link Watchdog}, and turns every outcome,
 * including a malformed request, a timeout or an Error, into an answer PUT to the ResponseURL.
 *
 * <p>A stream handler, not Powertools' {@code AbstractCustomResourceHandler}: that base class answers SUCCESS
 * to an unknown RequestType (after logging the whole event, external ID and ResponseURL included), and its
 * typed event needs the runtime's events serializer, which fails a request it cannot bind before any of our
 * code runs, so CloudFormation never gets an answer.
 */
public final class IntegrationResourceHandler implements RequestStreamHandler {
    private static final Logger LOG = LoggerFactory.getLogger(IntegrationResourceHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Time kept back from the Lambda timeout to answer: three PUT attempts of at most 3 s + 5 s each, with pauses. */
    static final Duration DEFAULT_ANSWER_MARGIN = Duration.ofSeconds(30);
    /** CloudFormation rejects response bodies of 4096 bytes and more; the rest of the body takes well under 2 KB. */
    private static final int MAX_REASON_BYTES = 1800;
    private static final String NOT_CREATED_PREFIX = "meter-siem-not-created-";
    /** Each resource type this function serves, with the one logical id the template gives it. */
    private static final Map<String, String> LOGICAL_IDS = Map.of(
            "Custom::MeterSiemIntegration", "MeterSiemIntegration",
            ArchiveProperties.RESOURCE_TYPE, "ArchiveDeliveryStream");

    private final ProvisionerEnvironment environment;
    private final ResponseSender responses;
    private final StreamGateway streams;
    private final IamGateway iam;
    private final SecretGateway secrets;
    private final Supplier<ArchiveProvisioner> archives;
    private final Duration answerMargin;
    private final Watchdog watchdog = new Watchdog();

    /** Used by the Lambda runtime: clients are built once per execution environment. */
    public IntegrationResourceHandler() {
        this(ProvisionerEnvironment.from(System.getenv()));
    }

    /** The runtime's clients, serving what ENVIRONMENT says (the local try-out's). */
    IntegrationResourceHandler(ProvisionerEnvironment environment) {
        this(Dependencies.fromEnvironment(environment));
    }

    private IntegrationResourceHandler(Dependencies dependencies) {
        this(dependencies.environment(), dependencies.responseClient(), dependencies.streams(), dependencies.iam(),
                dependencies.secrets(), dependencies.archives(), DEFAULT_ANSWER_MARGIN);
    }

    IntegrationResourceHandler(ProvisionerEnvironment environment, SdkHttpClient responseClient, StreamGateway streams,
                               IamGateway iam, SecretGateway secrets, Supplier<ArchiveProvisioner> archives,
                               Duration answerMargin) {
        this.environment = environment;
        this.responses = new ResponseSender(new RetryingHttpClient(responseClient, 3, Duration.ofMillis(250)));
        this.streams = streams;
        this.iam = iam;
        this.secrets = secrets;
        this.archives = archives;
        this.answerMargin = answerMargin;
    }

    /** Short timeouts: three attempts with pauses must fit in {@link #DEFAULT_ANSWER_MARGIN}. */
    static SdkHttpClient responseHttpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(3))
                .socketTimeout(Duration.ofSeconds(5))
                .build();
    }

    /**
     * Answers CloudFormation at its ResponseURL and returns the answer's status and physical id as the
     * invocation's result. Throws, answering nothing, when the request has no ResponseURL or one that is not
     * CloudFormation's response endpoint for this stack.
     */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        PowertoolsLogging.initializeLogging(context);
        Request request = new Request(CustomResourceRequest.parse(input.readAllBytes()));
        CustomResourceRequest event = request.event();
        LOG.info("request received", entry("requestType", request.type()),
                entry("logicalResourceId", String.valueOf(event.logicalResourceId())),
                entry("physicalResourceId", String.valueOf(event.physicalResourceId())));
        if (event.responseUrl() == null) {
            LOG.error("request cannot be answered", entry("problems", event.problems()));
            throw new IllegalArgumentException("The request cannot be answered: " + String.join("; ", event.problems()));
        }
        if (!environment.responseUrls().accepts(event.responseUrl(), event.stackId())) {
            LOG.error("request refused: its ResponseURL is not CloudFormation's for this stack",
                    entry("stackId", String.valueOf(event.stackId())));
            throw new IllegalArgumentException("The request is refused, and not answered: its ResponseURL is not"
                    + " CloudFormation's response endpoint for this stack and region");
        }
        String refusal = refusal(event);
        Answer answer;
        if (!event.problems().isEmpty()) {
            answer = failed(request, "Invalid request: " + String.join("; ", event.problems()));
        } else if (refusal != null) {
            LOG.error("request refused", entry("refusal", refusal));
            answer = failed(request, refusal);
        } else {
            answer = answer(request, context);
        }
        LOG.info("request answered", entry("requestType", request.type()),
                entry("status", answer.status().name()),
                entry("physicalResourceId", answer.physicalResourceId()),
                entry("reason", String.valueOf(answer.reason())));
        try {
            responses.send(event, answer, context.getLogStreamName());
        } catch (IOException | RuntimeException e) {
            LOG.error("could not deliver the answer to CloudFormation", entry("requestType", request.type()),
                    entry("logicalResourceId", event.logicalResourceId()),
                    entry("failure", e instanceof IOException ? e.getMessage() : e.getClass().getName()));
        }
        Map<String, String> result = new LinkedHashMap<>();
        result.put("Status", answer.status().name());
        result.put("PhysicalResourceId", answer.physicalResourceId());
        JSON.writeValue(output, result);
    }

    /** Why a well-formed request is not this function's to serve, or null. */
    private String refusal(CustomResourceRequest event) {
        if (!environment.stackId().equals(event.stackId())) {
            return "Refused: this function serves only the resources of stack %s; the ServiceToken cannot be used"
                    .formatted(environment.stackId()) + " by another stack";
        }
        String logicalId = LOGICAL_IDS.get(event.resourceType());
        if (logicalId == null) {
            return "Refused: ResourceType %s is not one of %s".formatted(event.resourceType(),
                    String.join(", ", LOGICAL_IDS.keySet().stream().sorted().toList()));
        }
        if (!logicalId.equals(event.logicalResourceId())) {
            return "Refused: a %s is this stack's resource %s, not %s".formatted(event.resourceType(), logicalId,
                    event.logicalResourceId());
        }
        return null;
    }

    private Answer answer(Request request, Context context) {
        Progress progress = request.progress();
        Duration budget = Duration.ofMillis(context.getRemainingTimeInMillis()).minus(answerMargin);
        return watchdog.run(budget,
                () -> perform(request, progress),
                failure -> failed(request, describe(request, progress, failure)),
                () -> {
                    progress.abandon();
                    return failed(request, ("%s did not finish within the function's time and was abandoned during"
                            + " step '%s'; what it created is removed by CloudFormation's rollback").formatted(
                            request.type(), progress.step()));
                });
    }

    private Answer perform(Request request, Progress progress) {
        CustomResourceRequest event = request.event();
        if (event.isDelete() && event.physicalResourceId().startsWith(NOT_CREATED_PREFIX)) {
            return succeeded(event.physicalResourceId(), Map.of(), "nothing to delete: Create never ran");
        }
        if (ArchiveProperties.RESOURCE_TYPE.equals(event.resourceType())) {
            return performArchive(request, progress);
        }
        Placement placement = Placement.fromStackId(event.stackId());
        Ownership owner = new Ownership(event.stackId(), event.logicalResourceId());
        Provisioner provisioner = new Provisioner(streams, iam, secrets, placement, environment.deployment());
        if (event.isDelete()) {
            // From the physical id and a lenient read of the names: never from today's validation.
            DeleteSpec spec = DeleteSpec.read(event.resourceProperties())
                    .keepingStreamIf(environment.retainStreamOnDelete());
            return succeeded(event.physicalResourceId(), Map.of(), provisioner.delete(spec, event.physicalResourceId(),
                    owner, progress));
        }
        IntegrationSpec spec = IntegrationProperties.parse(event.resourceProperties(), placement)
                .adoptingOnlyIf(environment.adoptExistingStream());
        request.resolved(placement.streamArn(spec.stream().name()));
        return switch (event.requestType()) {
            case "Create" -> succeeded(provisioner.create(spec, owner, progress));
            default -> succeeded(provisioner.update(spec, PreviousProperties.from(event.oldResourceProperties()),
                    event.physicalResourceId(), owner, progress));
        };
    }

    private Answer performArchive(Request request, Progress progress) {
        CustomResourceRequest event = request.event();
        Ownership owner = new Ownership(event.stackId(), event.logicalResourceId());
        if (event.isDelete()) {
            // The physical id names the stream and its tags say whose it is: the properties play no part.
            String physicalId = event.physicalResourceId();
            if (!ArchiveProvisioner.isDeliveryStreamName(physicalId)) {
                return succeeded(physicalId, Map.of(), "nothing to delete: no delivery stream was created");
            }
            return succeeded(physicalId, Map.of(), archives.get().delete(physicalId, owner, progress));
        }
        Placement placement = Placement.fromStackId(event.stackId());
        ArchiveSpec spec = ArchiveProperties.parse(event.resourceProperties());
        String name = ArchiveProvisioner.deliveryStreamName(placement, owner, spec);
        request.resolved(name);
        return succeeded(archives.get().create(spec, name, owner, progress));
    }

    private static String describe(Request request, Progress progress, Throwable failure) {
        if (failure instanceof InvalidPropertiesException invalid) {
            return invalid.getMessage();
        }
        if (failure instanceof ProvisioningException provisioning) {
            String cause = provisioning.getCause() == null ? "" : AwsErrors.describe(provisioning.getCause()) + ". ";
            return "%s failed at step '%s': %s%s".formatted(request.type(), provisioning.step(), cause,
                    provisioning.getMessage()).strip();
        }
        LOG.error("unexpected failure", entry("step", progress.step()),
                entry("failure", failure.getClass().getName()));
        return "%s failed at step '%s': %s".formatted(request.type(), progress.step(), AwsErrors.describe(failure));
    }

    private static Answer succeeded(Outcome outcome) {
        return Answer.success(outcome.physicalResourceId(), outcome.attributes());
    }

    private static Answer succeeded(String physicalId, Map<String, String> attributes, String note) {
        LOG.info(note);
        return Answer.success(physicalId, attributes);
    }

    private static Answer failed(Request request, String reason) {
        String safe = Reasons.truncate(Reasons.redact(reason, request.secrets()), MAX_REASON_BYTES);
        return Answer.failed(request.failedPhysicalId(), safe);
    }

    /** One request, and what is known about it so far, for the answer whatever happens. */
    private static final class Request {
        private final CustomResourceRequest event;
        private final Progress progress = new Progress();
        /** What a Create aims at, once the properties are valid. */
        private volatile String target;

        Request(CustomResourceRequest event) {
            this.event = event;
        }

        CustomResourceRequest event() {
            return event;
        }

        Progress progress() {
            return progress;
        }

        String type() {
            return String.valueOf(event.requestType());
        }

        void resolved(String target) {
            this.target = target;
        }

        /**
         * A failed Create names the stream it aimed at, so CloudFormation's rollback Delete acts on that
         * name (and still deletes nothing it does not own); before validation there is no name yet.
         */
        String failedPhysicalId() {
            if (event.physicalResourceId() != null) {
                return event.physicalResourceId();
            }
            return target == null ? NOT_CREATED_PREFIX + event.requestId() : target;
        }

        /** Every external ID the request carries or its run handled: masked in any text that leaves the function. */
        List<String> secrets() {
            List<String> values = new ArrayList<>(progress.handledIds());
            for (Map<String, Object> properties : List.of(nonNull(event.resourceProperties()),
                    nonNull(event.oldResourceProperties()))) {
                Object value = properties.get(IntegrationProperties.EXTERNAL_ID);
                if (value != null) {
                    values.add(value.toString().strip());
                }
            }
            return values;
        }

        private static Map<String, Object> nonNull(Map<String, Object> properties) {
            return properties == null ? Map.of() : properties;
        }
    }

    /** What the runtime constructor builds once per execution environment. */
    private record Dependencies(ProvisionerEnvironment environment, SdkHttpClient responseClient,
                                StreamGateway streams, IamGateway iam, SecretGateway secrets,
                                Supplier<ArchiveProvisioner> archives) {
        static Dependencies fromEnvironment(ProvisionerEnvironment environment) {
            AwsClients clients = AwsClients.fromEnvironment();
            // Only stacks with the S3 archive have a delivery stream: the others never load the Firehose client.
            Lazy<ArchiveProvisioner> archives = new Lazy<>(
                    () -> new ArchiveProvisioner(new FirehoseDeliveryStreams(clients.firehose())));
            return new Dependencies(environment, responseHttpClient(),
                    new KinesisStreams(clients.kinesis()),
                    new IamRolesAndPolicies(clients.iam()),
                    new SecretsManagerSecrets(clients.secretsManager()),
                    archives::getValue);
        }
    }
}
