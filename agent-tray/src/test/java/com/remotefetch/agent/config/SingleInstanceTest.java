package com.remotefetch.agent.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SingleInstanceTest {
    @TempDir
    Path dir;

    @Test
    void secondAcquireFailsUntilTheFirstIsReleased() throws IOException {
        Path lock = dir.resolve("sub/agent.lock");
        Optional<SingleInstance> first = SingleInstance.acquire(lock);
        assertTrue(first.isPresent());
        assertTrue(SingleInstance.acquire(lock).isEmpty(), "a second agent must be refused");
        first.get().close();
        Optional<SingleInstance> again = SingleInstance.acquire(lock);
        assertTrue(again.isPresent());
        again.get().close();
    }
}
