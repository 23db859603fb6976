package com.remotefetch.server.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test (its {@code @BeforeEach} or the test method) a {@link RelayFixture} started for
 * that test alone, and closes it, with every agent it started, once the test and its
 * {@code @AfterEach} methods have run:
 *
 * <pre>{@code
 * @ExtendWith(RelayExtension.class)
 * class DownloadTest {
 *     @BeforeEach
 *     void setUp(RelayFixture relay) { this.relay = relay; relay.agent("restaurant_sf", file); }
 * }
 * }</pre>
 *
 * Tests that stop and restart the server on purpose keep starting their own fixture.
 */
public final class RelayExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RelayExtension.class);

    /** Closed by JUnit when the test's context closes. */
    private record Running(RelayFixture relay) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            relay.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RelayFixture.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext test = context.getTestMethod().isPresent() ? context : context.getParent().orElse(context);
        return test.getStore(NAMESPACE).getOrComputeIfAbsent(Running.class, k -> new Running(RelayFixture.start()),
                Running.class).relay();
    }
}
