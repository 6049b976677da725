package com.meter.siem.handler;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.meter.siem.aws.AwsClients;
import com.meter.siem.aws.CloudWatchMetrics;
import com.meter.siem.aws.DynamoDbAlertStore;
import com.meter.siem.aws.DynamoDbFirstRecords;
import com.meter.siem.aws.IamRolesAndPolicies;
import com.meter.siem.aws.KinesisStreams;
import com.meter.siem.aws.SecretsManagerSecrets;
import com.meter.siem.aws.SnsAlertPublisher;
import com.meter.siem.health.AlertMessage;
import com.meter.siem.health.CheckStatus;
import com.meter.siem.health.Finding;
import com.meter.siem.health.FindingRecorder;
import com.meter.siem.health.HealthChecker;
import com.meter.siem.health.HealthConfig;
import com.meter.siem.health.HealthReport;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.MetricsFactory;

/** The scheduled health check: one run of {@link HealthChecker}, logged as one line per finding that is not OK. */
public final class HealthCheckHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private static final Logger LOG = LoggerFactory.getLogger(HealthCheckHandler.class);

    private final HealthChecker checker;

    /** Used by the Lambda runtime: configuration and clients are built once per execution environment. */
    public HealthCheckHandler() {
        this(wire(HealthConfig.fromEnvironment(System.getenv()), new PowertoolsFindingRecorder(
                MetricsFactory.getMetricsInstance(), System.getenv().getOrDefault("POWERTOOLS_METRICS_NAMESPACE",
                "MeterSiem")), Clock.systemUTC()));
    }

    HealthCheckHandler(HealthChecker checker) {
        this.checker = checker;
    }

    /** @param event the schedule's EventBridge event, as a map: a run needs nothing from it */
    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        PowertoolsLogging.initializeLogging(context);
        HealthReport report = checker.run();
        report.findings().forEach((stream, findings) -> findings.stream()
                .filter(finding -> finding.status() != CheckStatus.OK)
                .forEach(finding -> log(stream, finding)));
        for (AlertMessage message : report.sent()) {
            LOG.info("alert published", entry("subject", message.subject()), entry("dedupKey", message.dedupKey()),
                    entry("state", message.state()));
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("streams", report.findings().keySet());
        summary.put("failing", report.failing());
        summary.put("unknown", report.unknown());
        summary.put("alerts", report.sent().stream().map(AlertMessage::subject).toList());
        LOG.info("health check finished", entry("failing", report.failing()), entry("unknown", report.unknown()),
                entry("alerts", report.sent().size()));
        return summary;
    }

    private static void log(String stream, Finding finding) {
        LOG.info("finding", entry("stream", stream), entry("check", finding.check()),
                entry("status", finding.status().name()), entry("severity", finding.severity().name()),
                entry("summary", finding.summary()), entry("observed", finding.observed()));
    }

    static HealthChecker wire(HealthConfig config, FindingRecorder recorder, Clock clock) {
        return wire(config, recorder, clock, AwsClients.fromEnvironment());
    }

    static HealthChecker wire(HealthConfig config, FindingRecorder recorder, Clock clock, AwsClients clients) {
        KinesisStreams kinesis = new KinesisStreams(clients.kinesis());
        return new HealthChecker(kinesis, kinesis, new CloudWatchMetrics(clients.cloudWatch()),
                new IamRolesAndPolicies(clients.iam()), new SecretsManagerSecrets(clients.secretsManager()),
                new DynamoDbAlertStore(clients.dynamoDb(), config.alertStateTable()),
                new DynamoDbFirstRecords(clients.dynamoDb(), config.alertStateTable()),
                new SnsAlertPublisher(clients.sns(), config.alertTopicArn(), config.chatNotifications()),
                recorder, config, clock);
    }
}
