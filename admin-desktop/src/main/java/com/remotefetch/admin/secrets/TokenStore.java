package com.remotefetch.admin.secrets;

import java.util.Optional;

/** Where the desktop app keeps an admin token between starts, one per server URL. */
public interface TokenStore {
    /** A store for systems without a usable keychain: it keeps nothing and says so. */
    TokenStore NONE = new TokenStore() {
        @Override
        public Optional<String> load(String serverUrl) {
            return Optional.empty();
        }

        @Override
        public boolean save(String serverUrl, String token) {
            return false;
        }

        @Override
        public void delete(String serverUrl) {
        }

        @Override
        public String displayName() {
            return "no keychain";
        }

        @Override
        public String toString() {
            return displayName();
        }
    };

    /** The token kept for {@code serverUrl}, if any. */
    Optional<String> load(String serverUrl);

    /** Keeps {@code token} for {@code serverUrl}; false if this store cannot. */
    boolean save(String serverUrl, String token);

    /** Forgets the token for {@code serverUrl}, if there is one. */
    void delete(String serverUrl);

    /** What an admin knows this store as, such as "Windows Credential Manager". */
    String displayName();
}
