package com.remotefetch.admin.cli;

import org.junit.jupiter.api.extension.ExtendWith;
import com.remotefetch.server.testing.RelayExtension;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.remotefetch.admin.api.Downloader;
import com.remotefetch.server.testing.RelayFixture;
import com.remotefetch.server.testing.TestFiles;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code download --resume} never stitches two versions of a file together, and the SHA-256 it
 * prints and checks is always the whole file's. Real server, real agent, real files.
 */
@Timeout(60)
@ExtendWith(RelayExtension.class)
class ResumeTest {
    @TempDir
    Path dir;

    private RelayFixture relay;
    private final OkHttpClient http = new OkHttpClient();
    private final StringWriter err = new StringWriter();
    private Path source;
    private Path target;

    @BeforeEach
    void setUp(RelayFixture relay) throws IOException {
        this.relay = relay;
        source = TestFiles.random(dir.resolve("agent"), "big.bin", 3_000_000, 21);
        relay.agent("restaurant", source);
        target = dir.resolve("copy.bin");
    }

    @AfterEach
    void tearDown() {
        http.dispatcher().executorService().shutdown();
    }

    /** The validator a HEAD request reports for a download URL. */
    static String etagOf(OkHttpClient http, String url) throws IOException {
        try (Response r = http.newCall(new Request.Builder().url(url).head().build()).execute()) {
            assertEquals(200, r.code());
            String etag = r.header("ETag");
            assertNotNull(etag, "downloads carry an ETag");
            return etag;
        }
    }

    private int download(String... extra) {
        String[] args = {"--server", relay.baseUrl(), "download", "restaurant", "big.bin", "-o", target.toString()};
        String[] all = Arrays.copyOf(args, args.length + extra.length);
        System.arraycopy(extra, 0, all, args.length, extra.length);
        return new AdminCli(http, new Moshi.Builder().build()).commandLine()
                .setErr(new PrintWriter(err, true)).execute(all);
    }

    /** Leaves what an interrupted first attempt leaves: the first bytes and the version they came from. */
    private void interruptedAfter(int bytes) throws IOException {
        Files.write(Downloader.partFile(target), Arrays.copyOf(Files.readAllBytes(source), bytes));
        Files.writeString(Downloader.validatorFile(target), etagOf(http, relay.baseUrl() + "/api/download/restaurant/big.bin"));
    }

    @Test
    void resumeAfterTheFileChangedStartsOverAndSaysSo() throws IOException {
        interruptedAfter(1_000_000);
        try (RandomAccessFile f = new RandomAccessFile(source.toFile(), "rw")) {
            f.write(new byte[4096]);
            f.seek(2_000_000);
            f.write(new byte[4096]);
        }
        Files.setLastModifiedTime(source, FileTime.fromMillis(Files.getLastModifiedTime(source).toMillis() + 5_000));

        assertEquals(0, download("--resume"), err.toString());

        assertEquals(TestFiles.sha256(source), TestFiles.sha256(target), "the new version, not a stitch of two");
        assertTrue(err.toString().contains("the file changed on the agent since the partial download"), err.toString());
        assertTrue(err.toString().contains("SHA-256 of the whole file " + TestFiles.sha256(source) + ", verified"),
                err.toString());
    }

    @Test
    void resumeOfAnUnchangedFilePrintsAndChecksTheWholeFilesDigest() throws IOException {
        interruptedAfter(1_234_567);

        assertEquals(0, download("--resume"), err.toString());

        assertEquals(TestFiles.sha256(source), TestFiles.sha256(target));
        assertTrue(err.toString().contains("SHA-256 of the whole file " + TestFiles.sha256(source) + ", verified, resumed at byte 1234566"),
                err.toString());
        assertFalse(Files.exists(Downloader.validatorFile(target)), "the saved version goes with the part file");
    }

    @Test
    void resumeOfACompletePartStillVerifiesIt() throws IOException {
        interruptedAfter(3_000_000);

        assertEquals(0, download("--resume"), err.toString());

        assertEquals(TestFiles.sha256(source), TestFiles.sha256(target));
        assertTrue(err.toString().contains(TestFiles.sha256(source) + ", verified"), err.toString());
    }

    @Test
    void aCorruptedPartIsCaughtByTheWholeFileDigest() throws IOException {
        interruptedAfter(1_000_000);
        try (RandomAccessFile f = new RandomAccessFile(Downloader.partFile(target).toFile(), "rw")) {
            f.seek(500);
            f.write(~f.read());
        }

        assertEquals(ExitCode.VERIFY_FAILED, download("--resume"));

        assertTrue(err.toString().contains("SHA-256 mismatch"), err.toString());
        assertFalse(Files.exists(target), "nothing that looks complete");
    }

    @Test
    void aPartWithoutASavedVersionIsDownloadedAgain() throws IOException {
        Files.write(Downloader.partFile(target), new byte[1000]);

        assertEquals(0, download("--resume"), err.toString());

        assertEquals(TestFiles.sha256(source), TestFiles.sha256(target));
        assertTrue(err.toString().contains("no saved version"), err.toString());
    }

    @Test
    void anExistingPartIsKeptWithoutResumeAndTheAdviceNamesIt() throws IOException {
        interruptedAfter(1000);

        assertEquals(ExitCode.USAGE, download());

        assertEquals(1000, Files.size(Downloader.partFile(target)), "the earlier bytes are not thrown away");
        assertTrue(err.toString().contains("add --resume to continue it, or delete it to start over"), err.toString());
    }
}
