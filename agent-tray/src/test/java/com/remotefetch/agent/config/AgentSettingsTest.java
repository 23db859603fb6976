package com.remotefetch.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentSettingsTest {
    @TempDir
    Path dir;

    private AgentSettings settings(Map<String, String> env) {
        return new AgentSettings(dir.resolve("agent.properties"), env, dir);
    }

    private void file(String text) throws IOException {
        Files.writeString(dir.resolve("agent.properties"), text);
    }

    @Test
    void flagsBeatEnvBeatFileBeatDefaults() throws IOException {
        file("client_id=from_file\nserver_url=https://file.example\ntoken=file-token\n");
        AgentSettings.Resolution r = settings(Map.of("CLIENT_ID", "from_env")).resolve(new AgentSettings.Flags(
                null, "https://flag.example", null, List.of(), List.of(), null, null, null));
        assertTrue(r.ok(), r.problem());
        assertEquals("from_env", r.config().clientId());
        assertEquals("wss://flag.example/ws/agent", r.config().agentUrl().toString());
        assertEquals("file-token", r.config().token());
        assertEquals(List.of(dir.resolve("file_to_download.txt")), r.config().files(), "the original default file");
    }

    @Test
    void printConfigShowsSourcesAndMasksTheToken() throws IOException {
        file("client_id=restaurant_sf\nserver_url=http://relay:8080\ntoken=super-secret-token\nfiles=/exports/a.csv;/exports/b.csv\n");
        String text = settings(Map.of()).resolve(AgentSettings.Flags.none()).describe();
        assertTrue(text.contains("client_id       restaurant_sf"), text);
        assertTrue(text.contains("(" + dir.resolve("agent.properties") + ")"), text);
        assertTrue(text.contains("token           ****"), text);
        assertFalse(text.contains("super-secret-token"), text);
        assertTrue(text.contains("/exports/a.csv;/exports/b.csv"), text);
    }

    @Test
    void filePathEnvNamesTheDefaultFileAsInTheOriginal() {
        AgentSettings.Resolution r = settings(Map.of("CLIENT_ID", "a", "SERVER_URL", "http://x", "FILE_PATH", "/data/report.pdf"))
                .resolve(AgentSettings.Flags.none());
        assertEquals(List.of(Path.of("/data/report.pdf")), r.config().files());
    }

    @Test
    void missingIdOrServerIsAProblemNotACrash() throws IOException {
        AgentSettings.Resolution none = settings(Map.of()).resolve(AgentSettings.Flags.none());
        assertFalse(none.ok());
        assertNull(none.config());
        assertTrue(none.problem().startsWith("no client id"), none.problem());
        file("client_id=a\n");
        assertTrue(settings(Map.of()).resolve(AgentSettings.Flags.none()).problem().startsWith("no server"));
    }

    @Test
    void invalidValuesAreProblemsWithTheirReason() throws IOException {
        file("client_id=a\nserver_url=ftp://nope\n");
        AgentSettings.Resolution r = settings(Map.of()).resolve(AgentSettings.Flags.none());
        assertFalse(r.ok());
        assertTrue(r.problem().contains("SERVER_URL must start with"), r.problem());
    }

    @Test
    void dirsOnlyConfigHasNoDefaultFile() throws IOException {
        file("client_id=a\nserver_url=http://x\ndirs=/srv/exports\n");
        AgentSettings.Resolution r = settings(Map.of()).resolve(AgentSettings.Flags.none());
        assertEquals(List.of(), r.config().files());
        assertEquals(List.of(Path.of("/srv/exports")), r.config().dirs());
    }

    @Test
    void uploadCapComesFromFlagEnvOrFileInPlainUnitsAndANonsenseCapIsAProblem() throws IOException {
        file("client_id=restaurant_sf\nserver_url=http://relay:8080\nmax_upload_rate=20Mbit/s\n");
        assertEquals(2_500_000, settings(Map.of()).resolve(AgentSettings.Flags.none()).config().maxUploadBytesPerSecond());
        assertEquals(500_000, settings(Map.of("MAX_UPLOAD_RATE", "500 kB/s")).resolve(AgentSettings.Flags.none())
                .config().maxUploadBytesPerSecond());
        AgentSettings.Resolution flagged = settings(Map.of()).resolve(new AgentSettings.Flags(
                null, null, null, List.of(), List.of(), null, null, "unlimited"));
        assertEquals(0, flagged.config().maxUploadBytesPerSecond());
        assertTrue(flagged.describe().contains("max_upload_rate unlimited"), flagged.describe());

        AgentSettings.Resolution bad = settings(Map.of("MAX_UPLOAD_RATE", "fast")).resolve(AgentSettings.Flags.none());
        assertFalse(bad.ok());
        assertEquals("not an upload rate: 'fast' (say e.g. 2MB/s, 20Mbit/s or unlimited)", bad.problem());
    }

    @Test
    void uploadRatesReadAsPeopleWriteThem() {
        assertEquals(2_000_000, UploadRate.parse("2MB/s"));
        assertEquals(2_000_000, UploadRate.parse(" 2 mb "));
        assertEquals(2_500_000, UploadRate.parse("20 Mbps"));
        assertEquals(1_250, UploadRate.parse("10kbit/s"));
        assertEquals(1_500, UploadRate.parse("1500"));
        assertEquals(0, UploadRate.parse("0"));
        assertEquals("2.5 MB/s", UploadRate.describe(2_500_000));
        assertEquals("unlimited", UploadRate.describe(0));
        assertThrows(IllegalArgumentException.class, () -> UploadRate.parse("2GB/s"));
        assertThrows(IllegalArgumentException.class, () -> UploadRate.parse("-1MB/s"));
        assertThrows(IllegalArgumentException.class, () -> UploadRate.parse("999 B/s"));
    }

    @Test
    void labelsComeFromTheFileEnvOrFlagsAndBadOnesAreAPlainProblem() throws IOException {
        file("client_id=sf\nserver_url=https://relay.example\nlabels=region=west, brand=pizza\n");
        assertEquals(Map.of("region", "west", "brand", "pizza"),
                settings(Map.of()).resolve(AgentSettings.Flags.none()).config().labels());
        assertEquals(Map.of("region", "east"),
                settings(Map.of("AGENT_LABELS", "region=east")).resolve(AgentSettings.Flags.none()).config().labels());
        assertEquals(Map.of("tier", "gold"), settings(Map.of()).resolve(new AgentSettings.Flags(null, null, null, List.of(),
                List.of(), null, null, null, List.of("tier=gold"))).config().labels());
        AgentSettings.Resolution bad = settings(Map.of("AGENT_LABELS", "region west")).resolve(AgentSettings.Flags.none());
        assertTrue(bad.problem().startsWith("labels must be name=value pairs"), bad.problem());
    }
}
