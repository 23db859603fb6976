package com.remotefetch.admin.secrets;

import com.github.javakeyring.BackendNotSupportedException;
import com.github.javakeyring.Keyring;
import com.github.javakeyring.PasswordAccessException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operating system's own credential store through java-keyring (the library JabRef uses):
 * Credential Manager on Windows, the login Keychain on macOS, the Secret Service (GNOME Keyring,
 * KWallet) on Linux desktops. Tokens are filed under one service name, by server URL.
 */
public final class OsKeychain implements TokenStore, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OsKeychain.class);
    static final String SERVICE = "RemoteFetch admin token";

    private final Keyring keyring;

    private OsKeychain(Keyring keyring) {
        this.keyring = keyring;
    }

    /** This system's keychain, or {@link TokenStore#NONE} where there is none (servers, CI, bare X). */
    public static TokenStore open() {
        try {
            return new OsKeychain(Keyring.create());
        } catch (BackendNotSupportedException | RuntimeException | LinkageError e) {
            log.info("no OS keychain here ({}); the admin token will be kept in the user's preferences", e.toString());
            return NONE;
        }
    }

    @Override
    public Optional<String> load(String serverUrl) {
        try {
            return Optional.ofNullable(keyring.getPassword(SERVICE, serverUrl));
        } catch (PasswordAccessException | RuntimeException | LinkageError e) {
            // java-keyring says "none kept" with the same exception as a failure; the connect
            // screen then asks for the token, which is the right answer to both.
            log.debug("no admin token for {} in the {}: {}", serverUrl, this, e.toString());
            return Optional.empty();
        }
    }

    @Override
    public boolean save(String serverUrl, String token) {
        try {
            keyring.setPassword(SERVICE, serverUrl, token);
            return true;
        } catch (PasswordAccessException | RuntimeException | LinkageError e) {
            log.warn("cannot keep the admin token for {} in the {}: {}", serverUrl, this, e.toString());
            return false;
        }
    }

    @Override
    public void delete(String serverUrl) {
        try {
            keyring.deletePassword(SERVICE, serverUrl);
        } catch (PasswordAccessException | RuntimeException | LinkageError e) {
            log.debug("no admin token for {} to forget: {}", serverUrl, e.toString());
        }
    }

    /** Ends the connection to the keychain service (a D-Bus session on Linux). */
    @Override
    public void close() throws Exception {
        keyring.close();
    }

    @Override
    public String displayName() {
        return switch (keyring.getKeyringStorageType()) {
            case WINDOWS_CREDENTIAL_STORE -> "Windows Credential Manager";
            case OSX_KEYCHAIN, LEGACY_OSX_KEYCHAIN -> "macOS Keychain";
            case GNOME_KEYRING -> "desktop keyring (Secret Service)";
            case KWALLET -> "KDE Wallet";
        };
    }

    @Override
    public String toString() {
        return displayName();
    }
}
