package com.remotefetch.admin.cli;

import com.remotefetch.admin.api.Dtos;
import com.remotefetch.client.ByteSizes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code history [--agent ID] [--admin NAME] [--failed] [--limit N]}: who fetched what, newest first. */
@Command(name = "history", description = "Show recent downloads (who fetched what), newest first.")
final class HistoryCommand implements Callable<Integer> {
    @ParentCommand
    AdminCli parent;

    @Option(names = "--agent", description = "Only this agent's.")
    String agent;

    @Option(names = "--admin", description = "Only this admin's.")
    String admin;

    @Option(names = "--failed", description = "Only the ones that did not end with a whole file.")
    boolean failed;

    @Option(names = "--limit", defaultValue = "50", description = "At most this many (default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        return parent.guarded("the agent", api -> {
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("TIME", "ADMIN", "AGENT", "FILE", "BYTES", "RESULT"));
            for (Dtos.TransferRecord t : api.transfers(agent, admin, failed ? "failed" : null, limit).transfers()) {
                rows.add(List.of(t.time().substring(0, 19).replace('T', ' '), String.valueOf(t.admin()), t.agent(),
                        String.valueOf(t.file()), ByteSizes.bytes(t.bytes()), t.result()));
            }
            Table.print(parent.out(), rows);
            return ExitCode.OK;
        });
    }
}
