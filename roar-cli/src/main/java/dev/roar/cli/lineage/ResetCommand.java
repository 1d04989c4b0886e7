package dev.roar.cli.lineage;

import dev.roar.cli.CliContext;
import dev.roar.core.lineage.SessionEditor;
import dev.roar.core.store.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;

/** `roar reset`: start a new session; the old one stays in the store. */
@Command(name = "reset", mixinStandardHelpOptions = true,
        description = "Start a new, empty session. The current one is kept in the store (roar show session:<hash>); no file is touched.")
public final class ResetCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    public ResetCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Workspace ws = Workspace.open(context)) {
            SessionEditor editor = new SessionEditor(ws.store, ws.layout.roarDir());
            Optional<Session> current = ws.activeSession();
            if (current.isPresent()) {
                int steps = ws.resolver.activeDependencyGraph().activeNodes().size();
                out.println("Current session has " + steps + " step" + (steps == 1 ? "" : "s") + ".");
                out.flush();
                if (!Confirm.ask(context, spec, yes, "Start a new session?")) {
                    out.println("Nothing changed.");
                    return 1;
                }
            }
            Session next = editor.reset();
            current.ifPresent(s -> out.println("Deactivated session " + s.id() + " (" + s.hash().substring(0, 12) + ")."));
            out.println("Created new session " + next.id() + " (" + next.hash().substring(0, 12) + ").");
            return 0;
        }
    }
}
