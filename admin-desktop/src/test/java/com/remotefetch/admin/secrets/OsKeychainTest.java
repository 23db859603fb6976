package com.remotefetch.admin.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The real keychain of whatever machine runs the tests: a round trip where there is one, a plain refusal where not. */
class OsKeychainTest {
    @Test
    void keepsAndForgetsATokenOrSaysItCannot() throws Exception {
        TokenStore store = OsKeychain.open();
        String url = "https://remotefetch-test-" + UUID.randomUUID() + ".invalid";
        try {
            if (store.save(url, "token-for-a-test")) {
                assertEquals(Optional.of("token-for-a-test"), store.load(url));
                store.delete(url);
                assertEquals(Optional.empty(), store.load(url));
            } else {
                assertSame(TokenStore.NONE, store, "only the store for systems without a keychain refuses");
                assertTrue(store.load(url).isEmpty());
            }
        } finally {
            store.delete(url);
            if (store instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }
}
