package com.remotefetch.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ByteSizesTest {
    @Test
    void binaryUnitsWithTheirIecNames() {
        assertEquals("1023 B", ByteSizes.bytes(1023));
        assertEquals("1.0 KiB", ByteSizes.bytes(1024));
        assertEquals("2.4 MiB", ByteSizes.bytes(2_500_000));
        assertEquals("1.0 GiB", ByteSizes.bytes(1L << 30));
    }
}
