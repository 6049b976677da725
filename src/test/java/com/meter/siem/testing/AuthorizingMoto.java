package com.meter.siem.testing;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/**
 * A second moto_server, separate from the shared {@link MotoServer}, that authorizes every request
 * against the caller's IAM policies. Tests give each function role's policy to an IAM user here and
 * call AWS with that user's keys, so a missing permission fails the call as it would in AWS.
 *
 * <p>moto_server serves the first {@value #UNAUTHENTICATED_REQUESTS} requests unauthenticated
 * (INITIAL_NO_AUTH_ACTION_COUNT). This fixture spends them on an administrator (CreateUser,
 * PutUserPolicy, CreateAccessKey), so the count never depends on what a test sets up: everything
 * else, the tests' own setup included, is authorized, the administrator's calls against its
 * {@code Allow * on *} policy.
 *
 * <p>What moto 5.2 enforces, read from its moto/core/authorization.py and moto/iam/access_control.py
 * and checked against the server:
 * <ul>
 *   <li>Every service these tests use (IAM, STS, Kinesis, Secrets Manager, DynamoDB, SNS, CloudWatch,
 *       CloudWatch Logs, KMS, SQS) checks the action: a call whose action no statement allows is refused
 *       with HTTP 403 and "User: ARN is not authorized to perform: service:Action" in an XML body shaped
 *       like EC2's errors, which the Java SDK does not parse: the exception has the status but no error
 *       code or message. sts:GetCallerIdentity is always allowed. The action is named after the SigV4
 *       signing name, so CloudWatch's GetMetricData is monitoring:GetMetricData.</li>
 *   <li>Resources are compared only for IAM calls naming a role (RoleName: the role's ARN),
 *       sts:AssumeRole (the RoleArn) and SQS queues. Every other call is authorized against the resource
 *       "*", which a statement scoped to an ARN never matches: see {@link MotoPolicyView}. For a role that
 *       does not exist, moto itself uses "*" too; this fixture makes it use the ARN IAM names, which is
 *       role/PATH/NAME for CreateRole and role/NAME for any other call ({@value #STRICT_MOTO}).</li>
 *   <li>Only the called operation's action is checked, not the extra ones AWS requires for some
 *       requests (iam:TagRole for CreateRole with tags, kms:* for a key the request names).</li>
 *   <li>Conditions in the caller's own policies are not evaluated: they always pass. Except, through
 *       {@value #STRICT_MOTO}, iam:PermissionsBoundary and iam:PolicyARN on role actions, which cap what the
 *       provisioner may grant: evaluated as IAM does, a request without the key failing the condition.</li>
 *   <li>Trust policies are evaluated only when the caller is in the role's own account; a caller from
 *       another account gets any role its own policy allows. The principal is matched literally against
 *       the caller's own ARN (an IAM user, or an assumed-role session, never the role it came from). Of
 *       conditions, only StringEquals on sts:ExternalId is evaluated, and a request without an external
 *       ID passes it.</li>
 *   <li>Resource-based policies (key policies, topic policies) and permissions boundaries are ignored.</li>
 * </ul>
 */
public final class AuthorizingMoto implements AutoCloseable {

    /** moto's default account, which every caller here belongs to. */
    public static final String ACCOUNT_ID = "123456789012";
    /** The administrator's CreateUser, PutUserPolicy and CreateAccessKey. */
    static final int UNAUTHENTICATED_REQUESTS = 3;

    /** A sitecustomize module that makes moto authorize a role not yet created by its ARN. */
    static final String STRICT_MOTO = "src/test/python/strict_moto";

    private static final Path LOG_FILE = Path.of("target", "moto-server-authorizing.log");
    private static final String ABSENT_ROLE = "strict-moto-probe";
    private static final String ADMIN = "moto-admin";
    private static final String ALLOW_EVERYTHING = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""";
    // Any key works while moto serves requests unauthenticated, and none it did not issue works after.
    private static final AwsCredentialsProvider UNKNOWN_KEY =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAUNKNOWNUNKNOWN00", "unknown"));

    private final MotoProcess process;
    private final Thread shutdownHook;
    private final SdkHttpClient http = UrlConnectionHttpClient.create();
    private AwsCredentialsProvider admin;

    private AuthorizingMoto(MotoProcess process) {
        this.process = process;
        this.shutdownHook = new Thread(process::stop, "authorizing-moto-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts moto_server with IAM enforced after the administrator's setup. Without moto_server it fails
     * with the same message as {@link MotoServer}.
     */
    public static AuthorizingMoto start() {
        MotoProcess process = MotoProcess.start(LOG_FILE,
                Map.of(MotoProcess.NO_AUTH_COUNT_VARIABLE, Integer.toString(UNAUTHENTICATED_REQUESTS),
                        "PYTHONPATH", Path.of(STRICT_MOTO).toAbsolutePath().toString()));
        AuthorizingMoto moto = new AuthorizingMoto(process);
        try {
            moto.bootstrap();
            moto.requireRolesAuthorizedByArn();
        } catch (RuntimeException e) {
            moto.close();
            throw e;
        }
        return moto;
    }

    public URI endpoint() {
        return process.endpoint();
    }

    /** Keys allowed everything: for the tests' own setup and for reading state back. */
    public AwsCredentialsProvider admin() {
        return admin;
    }

    /** Forgets every resource and user, and enforces IAM again after a new administrator's setup. */
    public void reset() {
        process.post("/moto-api/reset", "");
        // moto's own way to re-arm INITIAL_NO_AUTH_ACTION_COUNT; it also zeroes its request count.
        process.post("/moto-api/reset-auth", Integer.toString(UNAUTHENTICATED_REQUESTS));
        bootstrap();
    }

    /** Creates an IAM user whose only permissions are {@code policyDocument}, and returns its keys. */
    public AwsCredentialsProvider user(String userName, String policyDocument) {
        try (IamClient iam = client(IamClient.builder(), admin)) {
            return createUser(iam, userName, policyDocument);
        }
    }

    /** An SDK client of this moto with the given keys, on the url-connection HTTP client the functions use. */
    public <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> C client(
            B builder, AwsCredentialsProvider credentials, ExecutionInterceptor... interceptors) {
        return builder.endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .httpClient(http)
                .overrideConfiguration(c -> {
                    for (ExecutionInterceptor interceptor : interceptors) {
                        c.addExecutionInterceptor(interceptor);
                    }
                })
                .build();
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook stops moto anyway
        }
        process.stop();
        http.close();
    }

    private void bootstrap() {
        try (IamClient iam = client(IamClient.builder(), UNKNOWN_KEY)) {
            admin = createUser(iam, ADMIN, ALLOW_EVERYTHING);
            requireEnforcement(iam);
        }
    }

    private static AwsCredentialsProvider createUser(IamClient iam, String userName, String policyDocument) {
        iam.createUser(r -> r.userName(userName));
        iam.putUserPolicy(r -> r.userName(userName).policyName("policy").policyDocument(policyDocument));
        AccessKey key = iam.createAccessKey(r -> r.userName(userName)).accessKey();
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));
    }

    /**
     * GetRole of a name not taken, by a user allowed it on exactly that role's ARN, must find no role
     * rather than be refused: otherwise moto still authorizes it against "*" and the module did not load.
     */
    private void requireRolesAuthorizedByArn() {
        AwsCredentialsProvider probe = user("strict-moto-probe", """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetRole",
                 "Resource":"arn:aws:iam::%s:role/%s"}]}""".formatted(ACCOUNT_ID, ABSENT_ROLE));
        try (IamClient iam = client(IamClient.builder(), probe)) {
            iam.getRole(r -> r.roleName(ABSENT_ROLE));
        } catch (NoSuchEntityException expected) {
            return;
        } catch (IamException refused) {
            throw new IllegalStateException("moto_server authorizes a role not yet created against \"*\", not its"
                    + " ARN: " + STRICT_MOTO + " was not loaded (see " + LOG_FILE + ")", refused);
        }
        throw new IllegalStateException("GetRole found role " + ABSENT_ROLE + ", which nobody created");
    }

    /** A key moto never issued must be refused now; otherwise the unauthenticated requests are not used up. */
    private static void requireEnforcement(IamClient unknownKey) {
        try {
            unknownKey.getUser();
        } catch (IamException expected) {
            if (expected.statusCode() == 403) {
                return;
            }
            throw expected;
        }
        throw new IllegalStateException("moto_server served a request with an unknown key after the first "
                + UNAUTHENTICATED_REQUESTS + " requests: it does not enforce IAM (is "
                + MotoProcess.NO_AUTH_COUNT_VARIABLE + " honoured by this moto version?)");
    }
}
