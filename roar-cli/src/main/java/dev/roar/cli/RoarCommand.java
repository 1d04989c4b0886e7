package dev.roar.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top of the command tree: `roar`. Subcommands are added by {@link RoarCli}. */
@Command(name = "roar",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Run Observation & Artifact Registration: records which files each pipeline step read and"
                + " wrote, names them by content hash, and answers how any artifact was made.",
        footer = {"", "Run 'roar COMMAND --help' for a command's options.", "",
                "run, build, status, log, dag, show and diff are served by the roar daemon when one is up: a JVM bin/roar",
                "starts in the background and that leaves after ROAR_DAEMON_IDLE seconds (60) without a command.",
                "ROAR_DAEMON=0 turns it off."})
final class RoarCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
