package com.remotefetch.admin.cli;

import java.util.concurrent.ExecutionException;
import com.remotefetch.admin.api.ApiClient;
import com.remotefetch.admin.api.ApiException;
import com.remotefetch.admin.api.Downloader;
import com.remotefetch.admin.api.Dtos;
import com.remotefetch.admin.api.Failure;
import com.remotefetch.admin.api.TransferException;
import com.remotefetch.client.ByteSizes;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code collect --select SELECTOR [--file NAME] -o DIR}: one file from every agent a selector
 * picks, into {@code DIR/<agent>/<file>}, a few at a time, with one progress line for the whole job
 * and a table at the end. Each file goes through the same {@link Downloader} as a single download
 * (part file, validator, whole-file SHA-256), so {@code --resume} completes only what is missing.
 */
@Command(name = "collect", description = "Download one file from every agent a selector picks "
        + "(labels like region=west, ids like restaurant_*), into DIR/<agent>/<file>.")
final class Collect implements Callable<Integer> {
    @ParentCommand
    AdminCli parent;

    @Option(names = "--select", required = true, description = "Which agents: name=value labels and id patterns,"
            + " comma-separated, all must hold (e.g. region=west,brand=pizza or restaurant_*).")
    String select;

    @Option(names = "--file", description = "The shared file to fetch (default: each agent's default file).")
    String file;

    @Option(names = {"-o", "--output"}, required = true, description = "Folder to save into, one sub-folder per agent.")
    Path output;

    @Option(names = "--parallel", defaultValue = "4", description = "Downloads at once (default ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--resume", description = "Skip agents already collected into DIR and continue the part files"
            + " an earlier collect left.")
    boolean resume;

    /** One agent's outcome, for the table. */
    private record Outcome(String agent, boolean ok, String detail) {
    }

    @Override
    public Integer call() {
        if (parallel < 1 || parallel > 32) {
            parent.err().println("error: --parallel must be 1 to 32");
            return ExitCode.USAGE;
        }
        return parent.guarded("the agents", api -> {
            List<Dtos.AgentSummary> picked = api.agents(select, "all").agents();
            List<Dtos.AgentSummary> agents = picked.stream().filter(Dtos.AgentSummary::isOnline).toList();
            List<Dtos.AgentSummary> offline = picked.stream().filter(a -> !a.isOnline()).toList();
            if (agents.isEmpty()) {
                parent.err().println(offline.isEmpty() ? "no agent matches " + select
                        : "no connected agent matches " + select + "; " + offline.size() + " known but offline: "
                        + String.join(", ", offline.stream().map(Dtos.AgentSummary::id).toList()));
                return ExitCode.NOT_FOUND;
            }
            String name = file == null ? "default-file" : Path.of(file).getFileName().toString();
            Progress progress = new Progress(agents.size(), offline.size(), expectedBytes(agents));
            Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
            ExecutorService pool = Executors.newFixedThreadPool(parallel);
            try {
                List<Future<?>> running = new ArrayList<>();
                for (Dtos.AgentSummary agent : agents) {
                    running.add(pool.submit(() -> outcomes.put(agent.id(), fetch(api, agent.id(), name, progress))));
                }
                for (Future<?> f : running) {
                    f.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ExitCode.INTERRUPTED;
            } catch (ExecutionException e) {
                throw new IOException(e.getCause());
            } finally {
                pool.shutdownNow();
                progress.finish();
            }
            return summary(agents, offline, outcomes);
        });
    }

    /** The sum of the file's sizes as the agents listed it, or -1 when some size is not known. */
    private long expectedBytes(List<Dtos.AgentSummary> agents) {
        if (file == null) {
            return -1;
        }
        long sum = 0;
        for (Dtos.AgentSummary a : agents) {
            var size = a.files().stream().filter(f -> f.name().equals(file)).mapToLong(Dtos.RemoteFile::size).findFirst();
            if (size.isEmpty()) {
                return -1;
            }
            sum += size.getAsLong();
        }
        return sum;
    }

    private Outcome fetch(ApiClient api, String agent, String name, Progress progress) {
        Path target = output.resolve(agent).resolve(name);
        if (resume && Files.exists(target)) {
            progress.done(true);
            return new Outcome(agent, true, "already collected");
        }
        try {
            Files.createDirectories(target.getParent());
            boolean continuePart = resume && Files.exists(Downloader.partFile(target));
            long[] last = {0};
            Downloader.Result r = new Downloader(api).task(agent, file, target, continuePart).run((done, total) -> {
                progress.bytes(done - last[0]);
                last[0] = done;
            });
            progress.done(true);
            return new Outcome(agent, r.verified(), ByteSizes.bytes(r.size()) + "  " + r.sha256().substring(0, 16) + "…"
                    + (r.verified() ? "" : "  not verified"));
        } catch (ApiException | TransferException | IOException e) {
            progress.done(false);
            return new Outcome(agent, false, Failure.of(e, agent).sentence());
        }
    }

    private int summary(List<Dtos.AgentSummary> agents, List<Dtos.AgentSummary> offline, Map<String, Outcome> outcomes) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("AGENT", "RESULT", "DETAIL"));
        int failed = 0;
        for (Dtos.AgentSummary a : agents) {
            Outcome o = outcomes.get(a.id());
            boolean ok = o != null && o.ok();
            failed += ok ? 0 : 1;
            rows.add(List.of(a.id(), ok ? "ok" : "FAILED", o == null ? "not attempted" : o.detail()));
        }
        for (Dtos.AgentSummary a : offline) {
            rows.add(List.of(a.id(), "offline", "not attempted; last seen " + (a.lastSeen() == null ? "unknown"
                    : Table.time(a.lastSeen()))));
        }
        Table.print(parent.out(), rows);
        parent.err().println((agents.size() - failed) + " of " + agents.size() + " connected agents delivered a verified file"
                + (offline.isEmpty() ? "" : "; " + offline.size() + " offline")
                + (failed > 0 ? "; run again with --resume to retry the others" : ""));
        return failed == 0 ? ExitCode.OK : ExitCode.SOME_FAILED;
    }

    /** One line for the whole job on standard error: agents done, failed and offline, bytes, speed, time left. */
    private final class Progress {
        private final int total;
        private final int offline;
        private final long expected;
        private final AtomicInteger ok = new AtomicInteger();
        private final AtomicInteger failed = new AtomicInteger();
        private final AtomicLong bytes = new AtomicLong();
        private final long started = System.nanoTime();
        private final boolean terminal = System.console() != null;
        private volatile long lastDraw;

        Progress(int total, int offline, long expected) {
            this.total = total;
            this.offline = offline;
            this.expected = expected;
        }

        void bytes(long n) {
            bytes.addAndGet(n);
            draw(false);
        }

        void done(boolean success) {
            (success ? ok : failed).incrementAndGet();
            draw(true);
        }

        private synchronized void draw(boolean force) {
            long now = System.nanoTime();
            if (!terminal || (!force && now - lastDraw < 200_000_000L)) {
                return;
            }
            lastDraw = now;
            double seconds = Math.max((now - started) / 1e9, 1e-3);
            PrintWriter err = parent.err();
            double rate = bytes.get() / seconds;
            String left = expected > 0 && rate > 0 && bytes.get() < expected
                    ? "  " + ProgressBar.duration((long) ((expected - bytes.get()) / rate)) + " left" : "";
            err.print("\ragents " + (ok.get() + failed.get()) + "/" + total + " done, " + failed.get() + " failed"
                    + (offline > 0 ? ", " + offline + " offline" : "") + "  "
                    + ByteSizes.bytes(bytes.get()) + (expected > 0 ? " / " + ByteSizes.bytes(expected) : "")
                    + "  " + ByteSizes.bytes((long) rate) + "/s" + left + "   ");
            err.flush();
        }

        void finish() {
            if (terminal) {
                parent.err().println();
            }
        }
    }
}
