package com.remotefetch.server.hub;

/** The version in the jar's manifest, or "dev" when run from classes. */
public final class ServerVersion {
    private ServerVersion() {
    }

    public static String get() {
        String v = ServerVersion.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
