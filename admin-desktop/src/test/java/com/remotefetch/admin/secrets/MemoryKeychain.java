package com.remotefetch.admin.secrets;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Stands in for the operating system's keychain, which test machines do not run. */
public final class MemoryKeychain implements TokenStore {
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    @Override
    public Optional<String> load(String serverUrl) {
        return Optional.ofNullable(tokens.get(serverUrl));
    }

    @Override
    public boolean save(String serverUrl, String token) {
        tokens.put(serverUrl, token);
        return true;
    }

    @Override
    public void delete(String serverUrl) {
        tokens.remove(serverUrl);
    }

    @Override
    public String displayName() {
        return "test keychain";
    }

    public Map<String, String> contents() {
        return Map.copyOf(tokens);
    }
}
