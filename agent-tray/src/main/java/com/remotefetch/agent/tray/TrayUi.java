package com.remotefetch.agent.tray;

import java.io.IOException;
import com.remotefetch.agent.app.AgentApp;
import com.remotefetch.agent.config.AgentConfig;
import dorkbox.systemTray.Entry;
import dorkbox.systemTray.Menu;
import dorkbox.systemTray.MenuItem;
import dorkbox.systemTray.Separator;
import dorkbox.systemTray.SystemTray;
import java.awt.Desktop;
import java.io.File;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dorkbox tray icon and its menu: a thin view that draws {@link TrayModel} once a second
 * (only when it changed) and turns menu clicks into {@link AgentApp} commands.
 */
public final class TrayUi implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TrayUi.class);
    private static final int MAX_MENU_ROWS = 15;

    private final SystemTray tray;
    private final AgentApp app;
    private final Path logFile;
    private final Menu files = new Menu("Shared files");
    private final Menu transfers = new Menu("Last transfers");
    private final boolean tooltips;
    /** Touched on the timer thread only. */
    private TrayModel shown;

    private TrayUi(SystemTray tray, AgentApp app, Path logFile, Runnable quit) {
        this.tray = tray;
        this.app = app;
        this.logFile = logFile;
        this.tooltips = TrayModel.tooltipFits(tray.getType().name());
        Menu menu = tray.getMenu();
        menu.add(files);
        menu.add(transfers);
        menu.add(new Separator());
        menu.add(new MenuItem("Open shared folder", e -> openLater(sharedFolder())));
        menu.add(new MenuItem("Reconnect now", e -> app.reconnectNow()));
        menu.add(new MenuItem("Open log", e -> openLater(logFile.toFile())));
        menu.add(new Separator());
        menu.add(new MenuItem("Quit", e -> quit.run()));
    }

    /** The tray, or empty (with the reason logged once) where this desktop has none. */
    public static Optional<TrayUi> create(AgentApp app, Path logFile, Runnable quit, ScheduledExecutorService timer) {
        SystemTray tray;
        try {
            tray = SystemTray.get("RemoteFetch");
        } catch (RuntimeException | LinkageError e) {
            log.info("no system tray here ({}); running headless", e.toString());
            return Optional.empty();
        }
        if (tray == null) {
            log.info("no system tray available on this desktop; running headless (see the log above for why)");
            return Optional.empty();
        }
        TrayUi ui = new TrayUi(tray, app, logFile, quit);
        ui.refresh();
        timer.scheduleWithFixedDelay(ui::refresh, 1, 1, TimeUnit.SECONDS);
        return Optional.of(ui);
    }

    private void refresh() {
        try {
            AgentConfig config = app.config();
            TrayModel model = TrayModel.of(new TrayModel.Inputs(app.state().current(),
                    config == null ? "-" : config.clientId(), config == null ? "-" : config.agentUrl().getHost(),
                    app.activeTransfers(), app.recentTransfers(), app.sharedFiles(), app.missingFiles()),
                    ZoneId.systemDefault());
            if (model.equals(shown)) {
                return;
            }
            if (shown == null || shown.icon() != model.icon()) {
                tray.setImage(TrayUi.class.getResource(model.icon().resource(32)));
            }
            if (tooltips) {
                tray.setTooltip(model.tooltip());
            }
            tray.setStatus(model.statusLine());
            fill(files, model.files(), "No shared files");
            fill(transfers, model.recent(), "No transfers yet");
            shown = model;
        } catch (RuntimeException e) {
            log.warn("cannot update the tray: {}", e.toString());
        }
    }

    private static void fill(Menu menu, List<String> rows, String empty) {
        for (Entry e : new ArrayList<>(menu.getEntries())) {
            menu.remove(e);
        }
        List<String> shown = rows.isEmpty() ? List.of(empty) : rows.subList(0, Math.min(rows.size(), MAX_MENU_ROWS));
        for (String row : shown) {
            MenuItem item = new MenuItem(row);
            item.setEnabled(false);
            menu.add(item);
        }
    }

    private File sharedFolder() {
        AgentConfig config = app.config();
        if (config == null) {
            return logFile.getParent().toFile();
        }
        if (!config.dirs().isEmpty()) {
            return config.dirs().get(0).toFile();
        }
        return config.files().isEmpty() ? null : config.files().get(0).toAbsolutePath().getParent().toFile();
    }

    /**
     * Desktop calls can block; they run on their own thread. Where nothing can open the file (no
     * file manager, say) the menu's status line says where it is, so staff can read it out.
     */
    private void openLater(File target) {
        if (target == null) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                if (Desktop.isDesktopSupported() && Desktop.getDesktop().isSupported(Desktop.Action.OPEN)) {
                    Desktop.getDesktop().open(target);
                    return;
                }
                log.warn("this desktop cannot open {}", target);
            } catch (IOException | RuntimeException e) {
                log.warn("cannot open {}: {}", target, e.getMessage());
            }
            tray.setStatus("Nothing here can open it: " + target);
        }, "open-" + target.getName());
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() {
        tray.shutdown();
    }
}
