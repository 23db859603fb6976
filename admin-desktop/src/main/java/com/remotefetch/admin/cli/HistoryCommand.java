package com.remotefetch.admin.cli;

import com.remotefetch.admin.api.Dtos;
import com.remotefetch.client.ByteSizes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code history [--agent ID] [--admin NAME] [--failed] [--since 12h] [--limit N]}: who fetched what, newest first. */
@Command(name = "history", description = "Show recent downloads (who fetched what), newest first.")
final class HistoryCommand implements Callable<Integer> {
    @ParentCommand
    AdminCli parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--agent", description = "Only this agent's.")
    String agent;

    @Option(names = "--admin", description = "Only this admin's.")
    String admin;

    @Option(names = "--failed", description = "Only the ones that did not end with a whole file.")
    boolean failed;

    @Option(names = "--since", description = "Only since this time: an ISO-8601 time (2026-11-26T08:00:00Z)"
            + " or how long ago (30m, 12h, 7d).")
    String since;

    @Option(names = "--limit", defaultValue = "50", description = "At most this many (default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        Instant from = since(); // a bad --since is a usage error before anything is asked of the server
        return parent.guarded("the agent", api -> {
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("TIME", "ADMIN", "AGENT", "FILE", "BYTES", "RESULT"));
            for (Dtos.TransferRecord t : api.transfers(agent, admin, failed ? "failed" : null, from, limit).transfers()) {
                rows.add(List.of(Table.time(t.time()), String.valueOf(t.admin()), t.agent(),
                        String.valueOf(t.file()), ByteSizes.bytes(t.bytes()), t.result()));
            }
            Table.print(parent.out(), rows);
            return ExitCode.OK;
        });
    }

    /** "12h", "30m", "7d" ago, or an ISO-8601 time; null when not given. */
    private Instant since() {
        if (since == null) {
            return null;
        }
        Matcher ago = Pattern.compile("(\\d+)([mhd])").matcher(since.trim());
        if (ago.matches()) {
            long n = Long.parseLong(ago.group(1));
            Duration span = switch (ago.group(2)) {
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return Instant.now().minus(span);
        }
        try {
            return Instant.parse(since.trim());
        } catch (DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(), "--since takes 30m, 12h, 7d or a time like"
                    + " 2026-11-26T08:00:00Z, not " + since);
        }
    }
}
