package com.remotefetch.protocol;

import java.util.Objects;

/** One file an agent shares, as announced to the server. {@code name} is how admins ask for it. */
public record FileInfo(String name, long size, long modifiedMillis) {
    public FileInfo {
        Objects.requireNonNull(name, "name");
    }
}
