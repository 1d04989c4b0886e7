package dev.roar.cli.init;

import dev.roar.cli.CliContext;
import dev.roar.core.project.GitignoreUpdater;
import dev.roar.core.project.ProjectInitializer;
import dev.roar.core.project.ProjectLayout;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;

/** `roar init`: set up .roar/ at the top of the git work tree. */
@Command(name = "init",
        description = "Set up roar in this git repository (.roar/ with the lineage store and config).",
        mixinStandardHelpOptions = true,
        footer = {"", "Without -y or -n, roar asks whether to add .roar/ to .gitignore when run in a terminal,",
                "and adds it when not (CI, scripts). Running init again changes nothing."})
public final class InitCommand implements Runnable {
    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Option(names = "--path", paramLabel = "DIR", description = "Initialize the repository containing DIR instead of the current directory.")
    Path path;

    @ArgGroup(exclusive = true)
    GitignoreChoice gitignoreChoice;

    static final class GitignoreChoice {
        @Option(names = {"-y", "--yes"}, description = "Add .roar/ to .gitignore without asking.")
        boolean yes;

        @Option(names = {"-n", "--no", "--no-gitignore"}, description = "Leave .gitignore alone.")
        boolean no;
    }

    public InitCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public void run() {
        Path start = path == null ? context.workingDirectory() : context.workingDirectory().resolve(path);
        ProjectLayout layout = ProjectInitializer.layoutFor(start);
        PrintWriter out = spec.commandLine().getOut();
        if (layout.isInitialized()) {
            ProjectInitializer.Result result = ProjectInitializer.initialize(layout, false);
            out.println("roar is already initialized in " + layout.root() + "; nothing changed.");
            out.println("  database:  " + layout.display(layout.database()));
            out.println("  config:    " + layout.display(layout.configFile()));
            if (result.session() != null) {
                out.println("  session:   " + result.session().id() + " (" + result.session().hash().substring(0, 12) + ")");
            }
            return;
        }
        boolean addToGitignore = decideGitignore(layout);
        ProjectInitializer.Result result = ProjectInitializer.initialize(layout, addToGitignore);
        out.println("Initialized roar in " + layout.root());
        out.println("  database:  " + layout.display(layout.database()));
        out.println("  config:    " + layout.display(layout.configFile()));
        out.println("  session:   " + result.session().id() + " (" + result.session().hash().substring(0, 12) + ")");
        GitignoreUpdater.Outcome outcome = result.gitignore().orElseThrow();
        out.println("  gitignore: " + switch (outcome) {
            case ADDED -> "updated (.roar/ added)";
            case ALREADY_IGNORED -> "unchanged (.roar/ already ignored)";
            case LEFT_ALONE -> "unchanged (.roar/ is not ignored; roar still never counts it as a change)";
        });
        out.println();
        if (outcome == GitignoreUpdater.Outcome.ADDED) {
            out.println("Next: commit .gitignore (roar runs only on a clean tree), then wrap a step:");
        } else {
            out.println("Next: wrap a pipeline step:");
        }
        out.println("  roar run python train.py");
    }

    private boolean decideGitignore(ProjectLayout layout) {
        if (gitignoreChoice != null) {
            return gitignoreChoice.yes;
        }
        if (GitignoreUpdater.ignoresRoar(layout.gitignore())) {
            return true; // nothing to ask: adding is a no-op
        }
        return context.prompter().confirm("Add .roar/ to .gitignore?", true).orElse(true);
    }
}
