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
import com.meter.siem.provisioning.IamGateway;
import com.meter.siem.provisioning.IntegrationProperties;
import com.meter.siem.provisioning.InvalidPropertiesException;
import com.meter.siem.provisioning.Outcome;
import com.meter.siem.provisioning.Progress;
import com.meter.siem.provisioning.ProvisioningException;
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
 * the custom resource protocol: reads the request leniently ({@link CustomResourceRequest}), refuses what is not
 * this stack's, delegates to the resource type's {@link CustomResource} under a {@link Watchdog}, and turns every
 * outcome, including a malformed request, a timeout or an Error, into an answer PUT to the ResponseURL.
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

    private final ProvisionerEnvironment environment;
    private final ResponseSender responses;
    /** Each resource type this function serves. */
    private final Map<String, CustomResource> resources;
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
        this.resources = Map.of(
                IntegrationResource.RESOURCE_TYPE, new IntegrationResource(environment, streams, iam, secrets),
                ArchiveProperties.RESOURCE_TYPE, new ArchiveDeliveryResource(archives));
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
        CustomResource resource = resources.get(event.resourceType());
        if (resource == null) {
            return "Refused: ResourceType %s is not one of %s".formatted(event.resourceType(),
                    String.join(", ", resources.keySet().stream().sorted().toList()));
        }
        if (!resource.logicalId().equals(event.logicalResourceId())) {
            return "Refused: a %s is this stack's resource %s, not %s".formatted(event.resourceType(),
                    resource.logicalId(), event.logicalResourceId());
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
        CustomResource resource = resources.get(event.resourceType());
        if (event.isDelete()) {
            String done = event.physicalResourceId().startsWith(NOT_CREATED_PREFIX)
                    ? "nothing to delete: Create never ran" : resource.delete(event, progress);
            LOG.info(done);
            return Answer.success(event.physicalResourceId(), Map.of());
        }
        Outcome outcome = "Create".equals(event.requestType())
                ? resource.create(event, progress, request::resolved)
                : resource.update(event, progress, request::resolved);
        return Answer.success(outcome.physicalResourceId(), outcome.attributes());
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
