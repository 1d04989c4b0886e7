package dev.roar.cli.lineage;

import dev.roar.cli.CliContext;
import dev.roar.core.hash.HashCache;
import dev.roar.core.lineage.ArtifactPresence;
import dev.roar.core.lineage.LineageGraph;
import dev.roar.core.lineage.LineageJob;
import dev.roar.core.lineage.SessionEditor;
import dev.roar.core.store.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.Callable;

/** `roar pop`: undo the session's last job, deleting the files only it wrote. */
@Command(name = "pop", mixinStandardHelpOptions = true,
        description = "Undo the last job: remove it from the session and delete the output files it wrote.",
        footer = {"", "An output is deleted only if it still holds exactly the bytes the job wrote and no earlier job",
                "of the session wrote the same bytes there; anything else is kept and listed."})
public final class PopCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    public PopCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Workspace ws = Workspace.open(context)) {
            Optional<Session> session = ws.activeSession();
            if (session.isEmpty()) {
                out.println("No active session.");
                return 0;
            }
            LineageGraph graph = ws.activeGraph();
            Optional<LineageJob> last = graph.lineage().jobs().stream().max(Comparator.comparingLong(LineageJob::id));
            if (last.isEmpty()) {
                out.println("No jobs in the active session.");
                return 0;
            }
            LineageJob job = last.get();
            int outputs = graph.lineage().outputsOf(job).size();
            out.println("Step " + job.step() + ": " + job.command() + " (exit " + job.exitCode() + ", job " + job.uid()
                    + ", " + outputs + " output file" + (outputs == 1 ? "" : "s") + ")");
            out.flush();
            if (!Confirm.ask(context, spec, yes, "Remove this job and delete its outputs?")) {
                out.println("Nothing changed.");
                return 1;
            }
            SessionEditor.Popped popped = new SessionEditor(ws.store, ws.layout.roarDir())
                    .pop(graph, job, new ArtifactPresence(new HashCache(ws.store)));
            out.println("Removed job " + job.uid() + ".");
            long deleted = popped.files().stream().filter(f -> f.outcome() == SessionEditor.FileOutcome.DELETED).count();
            out.println("Deleted " + deleted + " output file" + (deleted == 1 ? "" : "s") + ".");
            for (SessionEditor.PoppedFile f : popped.files()) {
                String why = switch (f.outcome()) {
                    case DELETED -> null;
                    case ALREADY_GONE -> "already gone";
                    case KEPT_CHANGED -> "kept: changed since the job wrote it";
                    case KEPT_EARLIER_OUTPUT -> "kept: an earlier job of the session wrote the same bytes";
                    case DELETE_FAILED -> "could not delete: " + f.detail();
                };
                if (why != null) {
                    out.println("  " + ws.show(f.path()) + " (" + why + ")");
                }
            }
            return popped.files().stream().anyMatch(f -> f.outcome() == SessionEditor.FileOutcome.DELETE_FAILED) ? 1 : 0;
        }
    }
}
