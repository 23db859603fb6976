package com.remotefetch.admin.cli;

import com.remotefetch.client.TrustOptions;

import com.remotefetch.admin.api.ApiClient;
import com.remotefetch.admin.api.AgentFeed;
import com.remotefetch.admin.api.ApiException;
import com.remotefetch.admin.api.Downloader;
import com.remotefetch.admin.api.Dtos;
import com.remotefetch.admin.api.Failure;
import com.remotefetch.admin.api.SaveException;
import com.remotefetch.admin.api.TransferException;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.net.ConnectException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.ArrayList;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Callable;
import okhttp3.OkHttpClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code remotefetch-admin [--server URL] list | agents | files ID | download ID [FILE] -o PATH}. */
@Command(name = "remotefetch-admin", mixinStandardHelpOptions = true,
        versionProvider = AdminCli.Version.class,
        description = "Lists RemoteFetch agents and downloads their files.",
        subcommands = {AdminCli.ListClients.class, AdminCli.Agents.class, AdminCli.Files.class, AdminCli.Download.class,
                Collect.class, HistoryCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "2:usage error", "3:agent or file not found", "4:agent did not answer in time",
                "5:agent-side failure", "6:agent busy", "7:transfer broke off (resume with --resume)",
                "8:size or SHA-256 check failed", "9:server unreachable", "10:credentials refused",
                "11:local file error (disk full, permissions)", "12:collect: some agents did not deliver"})
// java.nio.file.Files stays qualified in this file: the "files" command is the nested class Files.
public final class AdminCli {

    @Option(names = "--server", description = "Server URL (env REMOTEFETCH_SERVER, default ${DEFAULT-VALUE}).",
            defaultValue = "${env:REMOTEFETCH_SERVER:-http://127.0.0.1:8080}")
    String server;

    @Option(names = "--token", description = "Admin token (env REMOTEFETCH_TOKEN).", defaultValue = "${env:REMOTEFETCH_TOKEN}")
    String token;

    @Mixin
    TrustOptions trust = new TrustOptions();

    @Spec
    CommandLine.Model.CommandSpec spec;

    private final OkHttpClient http;
    private final Moshi moshi;

    public AdminCli(OkHttpClient http, Moshi moshi) {
        this.http = http;
        this.moshi = moshi;
    }

    /** A picocli command line over this instance; subcommands reach it as their parent. */
    public CommandLine commandLine() {
        return new CommandLine(this);
    }

    ApiClient api() throws IOException {
        okhttp3.HttpUrl url = okhttp3.HttpUrl.parse(server);
        if (url == null) {
            throw new IllegalArgumentException("--server must be an http:// or https:// URL: " + server);
        }
        OkHttpClient trusted = trust.trust().apply(http.newBuilder(), url.host()).build();
        return new ApiClient(trusted, moshi, server, token);
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /**
     * Runs one API call and turns every failure into the plain-words line the app would show (with
     * what the server or system said, where that adds something) and an exit code.
     */
    int guarded(String clientId, ApiCall call) {
        try {
            return call.run(api());
        } catch (ApiException | TransferException | IOException | IllegalArgumentException e) {
            Failure f = Failure.of(e, clientId);
            String line = f.sentence();
            if (f.kind() == Failure.Kind.UNREACHABLE && e instanceof ConnectException) {
                line = "Cannot reach the server at " + server + ".";
            }
            err().println("error: " + line + (f.detail() == null || line.contains(f.detail()) ? "" : " (" + f.detail() + ")"));
            return ExitCode.of(f.kind());
        }
    }

    interface ApiCall {
        int run(ApiClient api) throws IOException, ApiException, TransferException;
    }

    @Command(name = "list", description = "List connected agents' ids.")
    static final class ListClients implements Callable<Integer> {
        @ParentCommand
        AdminCli parent;

        @Override
        public Integer call() {
            return parent.guarded("the agent", api -> {
                Dtos.ClientList list = api.clients();
                list.clients().forEach(parent.out()::println);
                parent.err().println(list.count() + " agent(s) connected");
                return ExitCode.OK;
            });
        }
    }

    @Command(name = "agents", description = "Show connected agents with details (--watch: live, until Ctrl-C).")
    static final class Agents implements Callable<Integer> {
        @ParentCommand
        AdminCli parent;

        @Option(names = "--watch", description = "Print the table again whenever agents come or go; says when the"
                + " server is lost and reconnects by itself.")
        boolean watch;

        @Override
        public Integer call() {
            return parent.guarded("the agent", api -> watch ? watch(api) : print(api.agents().agents()));
        }

        private int print(List<Dtos.AgentSummary> agents) {
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("ID", "CONNECTED SINCE", "HOST", "VERSION", "FILES", "LABELS"));
            for (Dtos.AgentSummary a : agents) {
                rows.add(List.of(a.id(), Table.time(a.connectedSince()),
                        String.valueOf(a.hostname()), String.valueOf(a.agentVersion()), Integer.toString(a.files().size()),
                        a.labels().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted()
                                .reduce((x, y) -> x + "," + y).orElse("")));
            }
            Table.print(parent.out(), rows);
            return ExitCode.OK;
        }

        /** The same live feed as the app: a dead or silent server is said and resubscribed with backoff. */
        private int watch(ApiClient api) {
            ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "cli-watch-retry");
                t.setDaemon(true);
                return t;
            });
            Map<String, Dtos.AgentSummary> agents = new TreeMap<>();
            CountDownLatch refused = new CountDownLatch(1);
            try (AgentFeed feed = new AgentFeed(api, retries, Duration.ofSeconds(1), Duration.ofSeconds(30),
                    AgentFeed.SILENCE, new AgentFeed.Listener() {
                        @Override
                        public synchronized void agents(Dtos.AgentList list) {
                            agents.clear();
                            list.agents().forEach(a -> agents.put(a.id(), a));
                            show();
                        }

                        @Override
                        public synchronized void agent(Dtos.AgentSummary agent) {
                            agents.put(agent.id(), agent);
                            show();
                        }

                        @Override
                        public synchronized void left(String id) {
                            agents.remove(id);
                            show();
                        }

                        private void show() {
                            parent.out().println("-- " + agents.size() + " agent(s) online");
                            print(List.copyOf(agents.values()));
                        }

                        @Override
                        public void lost(String why, Duration retryIn) {
                            parent.err().println("lost the server (" + why + "); reconnecting in "
                                    + Math.max(1, retryIn.toSeconds()) + " s");
                        }

                        @Override
                        public void refused(String why) {
                            parent.err().println("error: the server refused the credentials.");
                            refused.countDown();
                        }
                    })) {
                feed.start();
                refused.await();
                return ExitCode.AUTH;
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
                return ExitCode.OK;
            } finally {
                retries.shutdownNow();
            }
        }
    }

    @Command(name = "files", description = "List the files an agent shares.")
    static final class Files implements Callable<Integer> {
        @ParentCommand
        AdminCli parent;

        @Parameters(index = "0", description = "Agent id.")
        String clientId;

        @Override
        public Integer call() {
            return parent.guarded(clientId, api -> {
                Dtos.FileList files = api.files(clientId);
                for (Dtos.RemoteFile f : files.files()) {
                    parent.out().printf("%12s  %s  %s%n", ProgressBar.bytes(f.size()), f.modified(), f.name());
                }
                if (files.files().isEmpty()) {
                    parent.err().println(clientId + " shares no files");
                }
                return ExitCode.OK;
            });
        }
    }

    @Command(name = "download", description = "Download a file (the agent's default file if none is named).")
    static final class Download implements Callable<Integer> {
        @ParentCommand
        AdminCli parent;

        @Parameters(index = "0", description = "Agent id.")
        String clientId;

        @Parameters(index = "1", arity = "0..1", description = "Shared file name (default: the agent's default file).")
        String file;

        @Option(names = {"-o", "--output"}, description = "Where to save (default: the file's name in this folder).")
        Path output;

        @Option(names = "--resume", description = "Continue a partial download left by an earlier attempt.")
        boolean resume;

        @Option(names = "--progress", negatable = true, description = "Show a progress bar (default: when on a terminal).")
        Boolean progress;

        @Override
        public Integer call() {
            String name = file != null ? Path.of(file).getFileName().toString() : "file_to_download.txt";
            Path target = output == null ? Path.of(name)
                    : java.nio.file.Files.isDirectory(output) ? output.resolve(name) : output;
            boolean showBar = progress != null ? progress : System.console() != null;
            long kept = partSize(target);
            if (!resume && kept > 0) {
                parent.err().println("error: " + Downloader.partFile(target) + " holds " + ProgressBar.bytes(kept)
                        + " from an earlier download: add --resume to continue it, or delete it to start over");
                return ExitCode.USAGE;
            }
            // Ctrl-C ends the JVM mid-line: end the bar's line and say how to continue.
            Thread onInterrupt = new Thread(() -> {
                parent.err().println();
                parent.keptPart(target);
            }, "cli-interrupted");
            Runtime.getRuntime().addShutdownHook(onInterrupt);
            try {
                return download(target, showBar);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(onInterrupt);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl-C arrived: the hook runs
                }
            }
        }

        private int download(Path target, boolean showBar) {
            return parent.guarded(clientId, api -> {
                ProgressBar bar = new ProgressBar(System.err, System::nanoTime);
                Downloader.Listener listener = showBar ? bar : (done, total) -> { };
                try {
                    Downloader.Result r = new Downloader(api).task(clientId, file, target, resume).run(listener);
                    if (showBar) {
                        bar.finish();
                    }
                    if (r.restartedBecause() != null) {
                        parent.err().println("note: " + r.restartedBecause());
                    }
                    parent.err().println("saved " + r.file() + " (" + ProgressBar.bytes(r.size()) + ", SHA-256 of the whole file "
                            + r.sha256() + (r.verified() ? ", verified" : ", not verified: no checksum from server")
                            + (r.resumedFrom() > 0 ? ", resumed at byte " + r.resumedFrom() : "") + ")");
                    return ExitCode.OK;
                } catch (TransferException e) {
                    if (showBar) {
                        bar.finish();
                    }
                    if (e.kind() == TransferException.Kind.INTERRUPTED) {
                        parent.keptPart(target);
                    }
                    throw e;
                } catch (SaveException e) {
                    if (showBar) {
                        bar.finish();
                    }
                    parent.keptPart(target);
                    throw e;
                }
            });
        }
    }

    /** Tells where the bytes received so far are, if any, and how to continue. */
    void keptPart(Path target) {
        long size = partSize(target);
        if (size > 0) {
            err().println("partial data (" + ProgressBar.bytes(size) + ") kept in " + Downloader.partFile(target)
                    + "; run again with --resume to continue");
        }
    }

    /** Bytes an earlier attempt left in the part file; 0 when there is none. */
    static long partSize(Path target) {
        try {
            return java.nio.file.Files.size(Downloader.partFile(target));
        } catch (IOException noPartFile) {
            return 0;
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            // An installed copy reports the package's version (set by the installer), a jar its build's.
        String v = System.getProperty("remotefetch.version", AdminCli.class.getPackage().getImplementationVersion());
            return new String[] {"remotefetch-admin " + (v == null ? "dev" : v)};
        }
    }
}
