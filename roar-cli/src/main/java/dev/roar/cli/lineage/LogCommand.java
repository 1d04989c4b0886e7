package dev.roar.cli.lineage;

import dev.roar.cli.CliContext;
import dev.roar.core.json.Json;
import dev.roar.core.lineage.LineageJob;
import dev.roar.core.store.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** `roar log`: the session's jobs, newest last. */
@Command(name = "log", mixinStandardHelpOptions = true, description = "List the session's jobs: uid, step, time, duration, status, command.")
public final class LogCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", description = "How many of the latest jobs (default: ${DEFAULT-VALUE}).")
    int limit = 20;

    @Option(names = "--all", description = "Every job of the session.")
    boolean all;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Option(names = "--no-color", description = "No colors even on a terminal.")
    boolean noColor;

    public LogCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Workspace ws = Workspace.open(context)) {
            Optional<Session> session = ws.activeSessionOrSay(out);
            if (session.isEmpty()) {
                return 0;
            }
            List<LineageJob> jobs = ws.reader.jobs(session.get());
            List<LineageJob> shown = all || jobs.size() <= limit ? jobs : jobs.subList(jobs.size() - limit, jobs.size());
            if (json) {
                out.println(Json.write(shown.stream().map(JsonFields::job).toList()));
                return 0;
            }
            if (jobs.isEmpty()) {
                out.println("No log entries found.");
                return 0;
            }
            Style style = Style.detect(noColor, context);
            out.println("Job Log (" + jobs.size() + " job" + (jobs.size() == 1 ? "" : "s")
                    + (shown.size() < jobs.size() ? ", latest " + shown.size() + " shown" : "") + ")");
            out.printf("%-8s  %-5s  %-19s  %8s  %-6s  %s%n", "UID", "STEP", "TIMESTAMP", "DURATION", "STATUS", "COMMAND");
            for (LineageJob job : shown) {
                String status = job.succeeded() ? style.green("OK    ") : style.red(String.format("%-6s", "FAIL"));
                out.printf("%-8s  %-5s  %-19s  %8s  %s  %s%n", job.uid(), job.step(), Formats.time(job.timestamp()),
                        Formats.duration(job.durationSeconds()), status, Formats.truncate(job.command(), 80));
            }
            return 0;
        }
    }
}
