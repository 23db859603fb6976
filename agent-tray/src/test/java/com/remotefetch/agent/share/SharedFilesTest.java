package com.remotefetch.agent.share;

import java.io.File;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.remotefetch.protocol.FileInfo;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SharedFilesTest {
    @TempDir
    Path root;

    private Path shared;
    private Path secret;
    private SharedFiles files;

    @BeforeEach
    void setUp() throws IOException {
        shared = Files.createDirectories(root.resolve("shared"));
        Files.writeString(shared.resolve("menu.pdf"), "menu");
        Files.createDirectories(shared.resolve("reports"));
        Files.writeString(shared.resolve("reports/monday.csv"), "csv");
        secret = Files.writeString(root.resolve("secret.txt"), "do not serve");
        Path single = Files.writeString(root.resolve("file_to_download.txt"), "default");
        files = new SharedFiles(List.of(single), List.of(shared));
    }

    @Test
    void listsConfiguredFilesAndFolderContents() {
        assertEquals(List.of("file_to_download.txt", "menu.pdf", "reports/monday.csv"),
                files.list().stream().map(FileInfo::name).sorted().toList());
    }

    @Test
    void aBackslashInALinuxFileNameIsKeptAndNotTakenForAFolder() throws IOException {
        assumeTrue(File.separatorChar == '/', "a backslash is a separator on Windows");
        Files.writeString(shared.resolve("back\\slash.txt"), "x");
        assertTrue(files.list().stream().map(FileInfo::name).toList().contains("back\\slash.txt"));
        assertTrue(files.resolve("back\\slash.txt").isPresent());
        assertTrue(files.resolve("back/slash.txt").isEmpty());
    }

    @Test
    void foldersNestedDeeplyAreSharedToo() throws IOException {
        Path deep = shared;
        for (int i = 0; i < 12; i++) {
            deep = deep.resolve("d" + i);
        }
        Files.createDirectories(deep);
        Files.writeString(deep.resolve("deep.csv"), "deep");
        String name = "d0/d1/d2/d3/d4/d5/d6/d7/d8/d9/d10/d11/deep.csv";
        assertTrue(files.list().stream().map(FileInfo::name).toList().contains(name));
        assertTrue(files.resolve(name).isPresent());
    }

    @Test
    void nullNameIsTheDefaultFile() {
        assertEquals("file_to_download.txt", files.resolve(null).orElseThrow().name());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "secret.txt", "../secret.txt", "reports/../../secret.txt", "/etc/passwd", "..", ".", "",
            "reports", "reports/", "./menu.pdf", "reports\\monday.csv", "..%2Fsecret.txt", "menu.pdf\u0000",
            "MENU.PDF", "menu.pdf ", "reports/./monday.csv", "men\u0075\u0301.pdf", "reports//monday.csv",
            "C:\\Windows\\win.ini", "\\\\server\\share\\x", "/dev/zero", "/proc/self/environ"})
    void namesOutsideTheSharedSetAreNeverResolved(String name) {
        assertTrue(files.resolve(name).isEmpty(), name);
    }

    @Test
    void symlinkLeadingOutOfASharedFolderIsNeitherListedNorOpened() throws IOException {
        Path link = shared.resolve("innocent.txt");
        try {
            Files.createSymbolicLink(link, secret);
        } catch (UnsupportedOperationException | IOException e) {
            assumeTrue(false, "no symlinks here: " + e);
        }
        assertTrue(files.resolve("innocent.txt").isEmpty(), "links are not followed when listing");
        SharedFiles.Entry forged = new SharedFiles.Entry("innocent.txt", link, shared);
        IOException e = assertThrows(IOException.class, () -> files.open(forged).close());
        assertTrue(e.getMessage().contains("leads out of its shared folder"), e.getMessage());
    }

    @Test
    void symlinkedFolderInsideAShareIsNotWalked() throws IOException {
        Path outside = Files.createDirectories(root.resolve("outside"));
        Files.writeString(outside.resolve("payroll.csv"), "salaries");
        try {
            Files.createSymbolicLink(shared.resolve("more"), outside);
        } catch (UnsupportedOperationException | IOException e) {
            assumeTrue(false, "no symlinks here: " + e);
        }
        assertTrue(files.resolve("more/payroll.csv").isEmpty());
    }

    @Test
    void deviceFilesAreRefusedAtOpen() {
        Path dev = Path.of("/dev/null");
        assumeTrue(Files.exists(dev), "no /dev here");
        SharedFiles devices = new SharedFiles(List.of(dev), List.of());
        assertTrue(devices.list().isEmpty(), "a device is not a regular file and is not announced");
        IOException e = assertThrows(IOException.class, () -> devices.open(devices.resolve(null).orElseThrow()).close());
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
    }

    @Test
    void sharedFileOpensForReading() throws IOException {
        try (FileChannel ch = files.open(files.resolve("reports/monday.csv").orElseThrow())) {
            assertEquals(3, ch.size());
        }
    }
}
