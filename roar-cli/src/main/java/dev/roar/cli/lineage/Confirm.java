package dev.roar.cli.lineage;

import dev.roar.cli.CliContext;
import dev.roar.core.RoarException;
import picocli.CommandLine.Model.CommandSpec;

/** Yes/no before a change that cannot be undone: -y answers yes; without a terminal to ask, it refuses. */
final class Confirm {
    private Confirm() {
    }

    static boolean ask(CliContext context, CommandSpec spec, boolean yes, String question) {
        if (yes) {
            return true;
        }
        return context.prompter().confirm(question, false).orElseThrow(() -> new RoarException(
                "Not confirmed: there is no terminal to ask on.", "Add -y to '" + spec.qualifiedName() + "' to go ahead."));
    }
}
