package com.remotefetch.agent.tray;

import com.remotefetch.client.ByteSizes;
import com.remotefetch.agent.connection.AgentState;
import com.remotefetch.agent.transfer.TransferManager;
import com.remotefetch.protocol.FileInfo;
import java.time.ZoneId;
import java.util.Locale;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the tray shows, computed from the agent's state: which icon, the tooltip, the
 * status line and the menu's lists. Pure logic, tested without any tray.
 */
public record TrayModel(Icon icon, String tooltip, String statusLine, List<String> files, List<String> recent) {

    /** One icon per look; each has PNGs at 16, 24 and 32 px under {@code /icons}. */
    public enum Icon {
        NOT_CONFIGURED("not-configured"), CONNECTING("connecting"), CONNECTED("connected"),
        TRANSFERRING("transferring"), ERROR("error");

        private final String key;

        Icon(String key) {
            this.key = key;
        }

        public String resource(int size) {
            return "/icons/" + key + "-" + size + ".png";
        }
    }

    /** What the model is computed from. */
    public record Inputs(AgentState state, String clientId, String server, List<TransferManager.Active> active,
                         List<TransferManager.Finished> recent, List<FileInfo> files, List<String> missingFiles) {
    }

    /**
     * Whether a tray of this dorkbox type may carry a tooltip. Windows and macOS hide an icon's
     * tooltip when its menu opens; on Linux the Swing and GTK status-icon trays leave it on top of
     * the menu's first line (and AppIndicator shows none), so there the state lives only in the
     * menu's status line, which is the same sentence.
     */
    public static boolean tooltipFits(String trayType) {
        return "WindowsNative".equals(trayType) || "Osx".equals(trayType);
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    public static TrayModel of(Inputs in, ZoneId zone) {
        AgentState s = in.state();
        Icon icon;
        String tooltip;
        String status;
        switch (s.status()) {
            case NOT_CONFIGURED -> {
                icon = Icon.NOT_CONFIGURED;
                status = "Not configured: " + s.detail();
                tooltip = "RemoteFetch — not configured";
            }
            case CONNECTING -> {
                icon = Icon.CONNECTING;
                status = "Connecting to " + in.server() + "…";
                tooltip = "RemoteFetch — connecting to " + in.server();
            }
            case DISCONNECTED -> {
                String next = s.nextRetryAt() == null ? "" : ", next try at " + TIME.format(s.nextRetryAt().atZone(zone));
                boolean unreachable = s.detail().startsWith("cannot reach");
                icon = unreachable ? Icon.ERROR : Icon.CONNECTING;
                status = "Reconnecting: " + s.detail() + (s.nextRetryAt() == null ? ""
                        : " (next try at " + TIME.format(s.nextRetryAt().atZone(zone)) + ")");
                tooltip = unreachable ? "RemoteFetch — cannot reach " + in.server() + next
                        : "RemoteFetch — reconnecting to " + in.server() + next;
            }
            case ID_CONFLICT -> {
                icon = Icon.ERROR;
                status = "Another computer is using the id " + in.clientId() + ": tell your support person";
                tooltip = "RemoteFetch — another computer uses the id " + in.clientId() + (s.nextRetryAt() == null ? ""
                        : ", next try at " + TIME.format(s.nextRetryAt().atZone(zone)));
            }
            case REFUSED -> {
                icon = Icon.ERROR;
                status = "Server refused this agent's credentials";
                tooltip = "RemoteFetch — credentials refused by " + in.server();
            }
            case TRANSFERRING -> {
                icon = Icon.TRANSFERRING;
                String sending = describe(in.active());
                status = Character.toUpperCase(sending.charAt(0)) + sending.substring(1);
                tooltip = "RemoteFetch — " + sending;
            }
            default -> {
                icon = Icon.CONNECTED;
                status = "Connected to " + in.server() + " as " + in.clientId();
                tooltip = "RemoteFetch — connected as " + in.clientId();
            }
        }
        if (!in.missingFiles().isEmpty() && (icon == Icon.CONNECTED || icon == Icon.TRANSFERRING)) {
            icon = Icon.ERROR;
            status = "Shared file missing: " + String.join(", ", in.missingFiles());
            tooltip = "RemoteFetch — shared file missing: " + String.join(", ", in.missingFiles());
        } else if (in.files().isEmpty() && in.missingFiles().isEmpty() && icon == Icon.CONNECTED) {
            icon = Icon.ERROR;
            status = "Nothing is shared on this computer: see the log";
            tooltip = "RemoteFetch — nothing is shared on this computer";
        }
        List<String> files = new ArrayList<>();
        for (FileInfo f : in.files()) {
            files.add(f.name() + " (" + ByteSizes.bytes(f.size()) + ")");
        }
        for (String missing : in.missingFiles()) {
            files.add(missing + " (missing)");
        }
        List<String> recent = new ArrayList<>();
        for (TransferManager.Active a : in.active()) {
            recent.add("Sending " + a.name() + to(a.requestedBy()) + " — " + percent(a));
        }
        for (TransferManager.Finished f : in.recent()) {
            recent.add(TIME.format(f.at().atZone(zone)) + "  " + f.name() + to(f.requestedBy()) + " — " + f.result());
        }
        return new TrayModel(icon, tooltip, status, List.copyOf(files), List.copyOf(recent));
    }

    private static String describe(List<TransferManager.Active> active) {
        if (active.isEmpty()) {
            return "sending";
        }
        TransferManager.Active a = active.get(0);
        String first = "sending " + a.name() + to(a.requestedBy()) + ", " + percent(a);
        return active.size() == 1 ? first : first + " (+" + (active.size() - 1) + " more)";
    }

    private static String to(String requestedBy) {
        return requestedBy == null ? "" : " to " + requestedBy;
    }

    private static String percent(TransferManager.Active a) {
        if (a.length() <= 0) {
            return a.length() == 0 ? "100%" : "starting";
        }
        return (a.sentBytes() * 100 / a.length()) + "%";
    }
}
