package com.remotefetch.server.api;

/** The headers of the hop between server instances, written once for the sender and the receiver. */
public final class ClusterHeaders {
    /** Proves a request comes from another instance of the cluster. */
    public static final String SECRET = "X-RemoteFetch-Cluster";
    /** The admin an instance forwards a download for (empty: open mode). */
    public static final String ADMIN = "X-RemoteFetch-Admin";
    /** Set on a forwarded request: the receiver serves it itself and never forwards it again. */
    public static final String HOP = "X-RemoteFetch-Forwarded-By";

    private ClusterHeaders() {
    }
}
