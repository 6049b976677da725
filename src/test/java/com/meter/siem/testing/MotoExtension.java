package com.meter.siem.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Points every AWS SDK v2 client built in the test class at the shared {@link MotoServer} and gives
 * each test an empty moto. Use with {@code @ExtendWith(MotoExtension.class)}.
 */
public final class MotoExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    /** The SDK reads this property whenever a client is built, so no client needs an explicit endpoint. */
    public static final String ENDPOINT_PROPERTY = "aws.endpointUrl";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MotoExtension.class);
    private static final String PREVIOUS_ENDPOINT = "previousEndpoint";

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NAMESPACE).put(PREVIOUS_ENDPOINT, System.getProperty(ENDPOINT_PROPERTY));
        System.setProperty(ENDPOINT_PROPERTY, MotoServer.endpoint().toString());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        MotoServer.reset();
    }

    /** Restores the endpoint so that test classes without moto do not depend on the order they run in. */
    @Override
    public void afterAll(ExtensionContext context) {
        String previous = context.getStore(NAMESPACE).remove(PREVIOUS_ENDPOINT, String.class);
        if (previous == null) {
            System.clearProperty(ENDPOINT_PROPERTY);
        } else {
            System.setProperty(ENDPOINT_PROPERTY, previous);
        }
    }
}
