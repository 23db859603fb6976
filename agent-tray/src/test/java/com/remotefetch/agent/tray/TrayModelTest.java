package com.remotefetch.agent.tray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.remotefetch.agent.connection.AgentState;
import com.remotefetch.agent.connection.AgentState.Status;
import com.remotefetch.agent.transfer.TransferManager;
import com.remotefetch.protocol.FileInfo;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every agent state maps to one icon, tooltip and status line. */
class TrayModelTest {
    private static final Instant AT = Instant.parse("2026-11-24T10:15:30Z");
    private static final List<FileInfo> FILES = List.of(new FileInfo("sales.csv", 2_500_000, 0));

    private static TrayModel model(AgentState state, List<TransferManager.Active> active, List<String> missing) {
        return TrayModel.of(new TrayModel.Inputs(state, "restaurant_sf", "cloud.example", active,
                List.of(new TransferManager.Finished("menu.pdf", "alice", AT, "done", 1234)), FILES, missing), ZoneOffset.UTC);
    }

    private static TrayModel model(Status status, String detail) {
        return model(new AgentState(status, detail, status == Status.DISCONNECTED ? AT : null, 0), List.of(), List.of());
    }

    @Test
    void tooltipOnlyWhereTheMenuHidesIt() {
        assertTrue(TrayModel.tooltipFits("WindowsNative"));
        assertTrue(TrayModel.tooltipFits("Osx"));
        assertFalse(TrayModel.tooltipFits("Swing"), "the Linux Swing tray leaves the tooltip over the menu");
        assertFalse(TrayModel.tooltipFits("Gtk"));
        assertFalse(TrayModel.tooltipFits("AppIndicator"));
        assertFalse(TrayModel.tooltipFits("Awt"));
    }

    @Test
    void notConfigured() {
        TrayModel m = model(AgentState.notConfigured("no client id: set client_id in agent.properties"), List.of(), List.of());
        assertEquals(TrayModel.Icon.NOT_CONFIGURED, m.icon());
        assertEquals("Not configured: no client id: set client_id in agent.properties", m.statusLine());
        assertEquals("RemoteFetch — not configured", m.tooltip());
    }

    @Test
    void connecting() {
        TrayModel m = model(Status.CONNECTING, "connecting");
        assertEquals(TrayModel.Icon.CONNECTING, m.icon());
        assertEquals("RemoteFetch — connecting to cloud.example", m.tooltip());
    }

    @Test
    void reconnectingShowsTheNextRetryTime() {
        TrayModel m = model(Status.DISCONNECTED, "server closed the connection (1001)");
        assertEquals(TrayModel.Icon.CONNECTING, m.icon());
        assertEquals("RemoteFetch — reconnecting to cloud.example, next try at 10:15:30", m.tooltip());
        assertEquals("Reconnecting: server closed the connection (1001) (next try at 10:15:30)", m.statusLine(),
                "Linux trays show no tooltip: the menu says when it tries next");
    }

    @Test
    void unreachableServerIsAnErrorWithTheNextRetryTime() {
        TrayModel m = model(Status.DISCONNECTED, "cannot reach cloud.example: Connection refused");
        assertEquals(TrayModel.Icon.ERROR, m.icon());
        assertEquals("RemoteFetch — cannot reach cloud.example, next try at 10:15:30", m.tooltip());
        assertEquals("Reconnecting: cannot reach cloud.example: Connection refused (next try at 10:15:30)", m.statusLine());
    }

    @Test
    void refusedCredentialsIsAnError() {
        TrayModel m = model(Status.REFUSED, "server refused the credentials (HTTP 401)");
        assertEquals(TrayModel.Icon.ERROR, m.icon());
        assertEquals("Server refused this agent's credentials", m.statusLine());
    }

    @Test
    void connected() {
        TrayModel m = model(Status.CONNECTED, "connected");
        assertEquals(TrayModel.Icon.CONNECTED, m.icon());
        assertEquals("Connected to cloud.example as restaurant_sf", m.statusLine());
        assertEquals(List.of("sales.csv (2.4 MiB)"), m.files());
        assertEquals(List.of("10:15:30  menu.pdf to alice — done"), m.recent());
    }

    @Test
    void transferringShowsFileRecipientAndPercent() {
        TrayModel m = model(new AgentState(Status.TRANSFERRING, "connected", null, 2), List.of(
                new TransferManager.Active(1, "sales.csv", "alice", 1_000_000, 4_000_000),
                new TransferManager.Active(2, "menu.pdf", null, 0, -1)), List.of());
        assertEquals(TrayModel.Icon.TRANSFERRING, m.icon());
        assertEquals("RemoteFetch — sending sales.csv to alice, 25% (+1 more)", m.tooltip());
        assertEquals("Sending sales.csv to alice, 25% (+1 more)", m.statusLine(), "Linux trays show no tooltip");
        assertEquals(List.of("Sending sales.csv to alice — 25%", "Sending menu.pdf — starting",
                "10:15:30  menu.pdf to alice — done"), m.recent());
    }

    @Test
    void missingSharedFileTurnsTheIconToError() {
        TrayModel m = model(new AgentState(Status.CONNECTED, "connected", null, 0), List.of(), List.of("file_to_download.txt"));
        assertEquals(TrayModel.Icon.ERROR, m.icon());
        assertEquals("RemoteFetch — shared file missing: file_to_download.txt", m.tooltip());
        assertEquals("Shared file missing: file_to_download.txt", m.statusLine());
        assertEquals(List.of("sales.csv (2.4 MiB)", "file_to_download.txt (missing)"), m.files());
    }

    @Test
    void nothingSharedAtAllIsAnErrorStaffCanSee() {
        TrayModel m = TrayModel.of(new TrayModel.Inputs(new AgentState(Status.CONNECTED, "connected", null, 0),
                "restaurant_sf", "cloud.example", List.of(), List.of(), List.of(), List.of()), ZoneOffset.UTC);
        assertEquals(TrayModel.Icon.ERROR, m.icon());
        assertEquals("RemoteFetch — nothing is shared on this computer", m.tooltip());
        assertEquals("Nothing is shared on this computer: see the log", m.statusLine());
    }

    @Test
    void anotherComputerWithTheSameIdIsAnErrorNamingTheId() {
        TrayModel m = model(new AgentState(Status.ID_CONFLICT, "another computer connected with the id restaurant_sf",
                AT, 0), List.of(), List.of());
        assertEquals(TrayModel.Icon.ERROR, m.icon());
        assertEquals("Another computer is using the id restaurant_sf: tell your support person", m.statusLine());
        assertEquals("RemoteFetch — another computer uses the id restaurant_sf, next try at 10:15:30", m.tooltip());
    }

    @Test
    void everyIconHasItsThreeSizesShipped() {
        for (TrayModel.Icon icon : TrayModel.Icon.values()) {
            for (int size : new int[] {16, 24, 32}) {
                assertEquals(true, TrayModel.class.getResource(icon.resource(size)) != null, icon.resource(size));
            }
        }
    }
}
