package dev.roar.cli.config;

import dev.roar.cli.CliContext;
import dev.roar.core.config.ConfigLoader;
import dev.roar.core.config.RoarConfig;
import dev.roar.core.project.ProjectLayout;
import dev.roar.core.project.ProjectLocator;

import java.io.PrintWriter;

/** Loads the project and its effective config for a command, printing the loader's warnings. */
record ProjectConfig(ProjectLayout layout, RoarConfig config) {
    static ProjectConfig load(CliContext context, PrintWriter err) {
        ProjectLayout layout = ProjectLocator.require(context.workingDirectory());
        RoarConfig config = ConfigLoader.load(layout, context.environment());
        config.warnings().forEach(w -> err.println("Warning: " + w));
        err.flush();
        return new ProjectConfig(layout, config);
    }
}
