package com.remotefetch.server.hub;

/** The version in the jar's manifest, or "dev" when run from classes. */
public final class ServerVersion {
    private ServerVersion() {
    }

    public static String get() {
        // An installed copy reports the package's version (set by the installer), a jar its build's.
        String v = System.getProperty("remotefetch.version", ServerVersion.class.getPackage().getImplementationVersion());
        return v == null ? "dev" : v;
    }
}
