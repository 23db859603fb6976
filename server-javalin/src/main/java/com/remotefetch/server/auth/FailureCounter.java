package com.remotefetch.server.auth;

import java.time.Duration;

/** Failed logins per key in fixed windows: in this process, or shared by a cluster's instances. */
public interface FailureCounter {

    /** True if {@code key} has failed too often lately and must be turned away. */
    boolean blocked(String key);

    void failure(String key);

    /** How long until {@code key} may try again. */
    Duration retryAfter(String key);
}
