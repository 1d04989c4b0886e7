package dev.roar.cli.tracer;

import dev.roar.cli.CliContext;
import dev.roar.core.RoarException;
import dev.roar.core.config.ConfigLoader;
import dev.roar.core.config.ConfigSchema;
import dev.roar.core.config.ProjectConfigFile;
import dev.roar.core.json.Json;
import dev.roar.core.project.ProjectLayout;
import dev.roar.core.project.ProjectLocator;
import dev.roar.core.run.TracerChoice;
import dev.roar.trace.EbpfTracer;
import dev.roar.trace.Preflight;
import dev.roar.trace.PtraceTracer;
import dev.roar.trace.Tracer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** `roar tracer [status] | check | use | enable`: which tracing backends work here, and which one runs use. */
@Command(name = "tracer", mixinStandardHelpOptions = true,
        description = "Show which tracer backends can run here (ebpf, ptrace) and choose the default.",
        footer = {"", "auto (the default) uses eBPF where its probes load, else ptrace, with one warning saying why."})
public final class TracerCommand implements Callable<Integer> {
    private final CliContext context;
    @Spec
    CommandSpec spec;
    @Option(names = "--json", description = "Print {default, effective, backends:[{name, ready, detail}]}.")
    boolean json;

    TracerCommand(CliContext context) {
        this.context = context;
    }

    public static CommandLine commandLine(CliContext context) {
        CommandLine tracer = new CommandLine(new TracerCommand(context));
        tracer.addSubcommand("status", new StatusCommand(context));
        tracer.addSubcommand("check", new CheckCommand(context));
        tracer.addSubcommand("use", new UseCommand(context));
        tracer.addSubcommand("enable", new EnableCommand());
        return tracer;
    }

    @Override
    public Integer call() {
        return StatusCommand.print(context, spec.commandLine().getOut(), json);
    }

    static List<Tracer> backends() {
        return List.of(new EbpfTracer(), new PtraceTracer());
    }

    static Tracer backend(String name) {
        return switch (name) {
            case "ebpf" -> new EbpfTracer();
            case "ptrace" -> new PtraceTracer();
            default -> throw new RoarException("Unknown tracer backend '" + name + "'.", "Choose ebpf or ptrace.");
        };
    }

    /** tracer.default of the project here (with ROAR_TRACER__DEFAULT applied), or auto outside a project. */
    static String configuredDefault(CliContext context) {
        return ProjectLocator.find(context.workingDirectory())
                .map(layout -> ConfigLoader.load(layout, context.environment()).text("tracer.default"))
                .orElse("auto");
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "One row per backend: ready or not, why, and the default (same as 'roar tracer').")
    static final class StatusCommand implements Callable<Integer> {
        private final CliContext context;
        @Spec
        CommandSpec spec;
        @Option(names = "--json", description = "Print {default, effective, backends:[{name, ready, detail}]}.")
        boolean json;

        StatusCommand(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            return print(context, spec.commandLine().getOut(), json);
        }

        static int print(CliContext context, PrintWriter out, boolean json) {
            String configured = configuredDefault(context);
            Map<String, Tracer.Availability> rows = new LinkedHashMap<>();
            backends().forEach(t -> rows.put(t.name(), t.availability()));
            String effective = configured.equals("auto")
                    ? (rows.get("ebpf").available() ? "ebpf" : rows.get("ptrace").available() ? "ptrace" : "none")
                    : configured;
            if (json) {
                List<Map<String, Object>> backends = new ArrayList<>();
                rows.forEach((name, availability) -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("name", name);
                    row.put("ready", availability.available());
                    row.put("detail", availability.reason());
                    row.put("default", name.equals(effective));
                    backends.add(row);
                });
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("default", configured);
                doc.put("effective", effective);
                doc.put("backends", backends);
                out.println(Json.write(doc));
                return 0;
            }
            out.printf("%-8s %-6s %-8s %s%n", "BACKEND", "READY", "DEFAULT", "DETAIL");
            rows.forEach((name, availability) -> out.printf("%-8s %-6s %-8s %s%n", name, availability.available() ? "yes" : "no",
                    name.equals(effective) ? "*" : "", availability.reason()));
            out.println();
            out.println("default: " + configured + (configured.equals("auto") ? " (eBPF, else ptrace)" : "")
                    + " -> runs use " + effective);
            out.println("details: roar tracer check [ebpf|ptrace]   change: roar tracer use auto|ebpf|ptrace");
            return 0;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Deep preflight of a backend: each requirement, then loading it and tracing a command. Exits 1 when not ready.")
    static final class CheckCommand implements Callable<Integer> {
        private final CliContext context;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", arity = "0..1", paramLabel = "BACKEND", description = "ebpf or ptrace (default: the one runs use).")
        String backend;
        @Option(names = "--json", description = "Print {backend, ok, summary, checks:[{name, ok, detail, fix}]}.")
        boolean json;
        @Option(names = "--command", paramLabel = "CMD", description = "Trace this shell command instead of the built-in test (reports what it saw).")
        String command;

        CheckCommand(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            String name = backend;
            if (name == null) {
                String configured = configuredDefault(context);
                name = configured.equals("auto") ? (new EbpfTracer().availability().available() ? "ebpf" : "ptrace") : configured;
            }
            Preflight.Result result = Preflight.run(backend(name), Optional.ofNullable(command), context.workingDirectory(),
                    context.environment());
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                List<Map<String, Object>> checks = new ArrayList<>();
                for (Tracer.Check check : result.checks()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("name", check.name());
                    row.put("ok", check.ok());
                    row.put("detail", check.detail());
                    if (!check.ok()) {
                        row.put("fix", check.fix());
                    }
                    checks.add(row);
                }
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("backend", result.backend());
                doc.put("ok", result.ok());
                doc.put("summary", result.summary());
                doc.put("checks", checks);
                out.println(Json.write(doc));
            } else {
                out.println("roar tracer check " + result.backend());
                for (Tracer.Check check : result.checks()) {
                    out.printf("  %-4s %-13s %s%n", check.ok() ? "ok" : "FAIL", check.name(), check.detail());
                    if (!check.ok() && !check.fix().isEmpty()) {
                        out.printf("  %-4s %-13s fix: %s%n", "", "", check.fix());
                    }
                }
                out.println(result.summary());
            }
            return result.ok() ? 0 : 1;
        }
    }

    @Command(name = "use", mixinStandardHelpOptions = true, description = "Set the backend runs use (tracer.default in .roar/config.toml).")
    static final class UseCommand implements Callable<Integer> {
        private final CliContext context;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "BACKEND", description = "auto, ebpf or ptrace.")
        String backend;

        UseCommand(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            if (!TracerChoice.NAMES.contains(backend)) {
                throw new RoarException("Unknown tracer '" + backend + "'.", "Choose one of: " + String.join(", ", TracerChoice.NAMES) + ".");
            }
            ProjectLayout layout = ProjectLocator.require(context.workingDirectory());
            new ProjectConfigFile(layout.configFile()).set(ConfigSchema.find("tracer.default").orElseThrow(), backend);
            PrintWriter out = spec.commandLine().getOut();
            out.println("Tracer set to " + backend + " (tracer.default in " + layout.display(layout.configFile()) + ").");
            if (!backend.equals("auto")) {
                Tracer.Availability availability = backend(backend).availability();
                if (!availability.available()) {
                    spec.commandLine().getErr().println("Warning: " + backend + " cannot run here yet: " + availability.reason());
                }
            }
            String variable = "ROAR_TRACER__DEFAULT";
            if (context.environment().containsKey(variable)) {
                spec.commandLine().getErr().println("Note: " + variable + "=" + context.environment().get(variable) + " in your environment overrides this.");
            }
            return 0;
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true,
            description = "Make a backend usable: applies what roar can (installs libbpf when root) and prints what it cannot.")
    static final class EnableCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "BACKEND", description = "ebpf (ptrace needs nothing).")
        String backend;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            if (backend.equals("ptrace")) {
                out.println("ptrace needs nothing to enable; 'roar tracer check ptrace' shows whether it runs here.");
                return 0;
            }
            if (!backend.equals("ebpf")) {
                throw new RoarException("Unknown tracer backend '" + backend + "'.", "Choose ebpf (or ptrace).");
            }
            for (Tracer.Check check : new EbpfTracer().checks()) {
                if (check.ok()) {
                    out.println("  ok    " + check.name() + ": " + check.detail());
                } else if (check.name().equals("libbpf") && isRoot()) {
                    out.println("  apply " + check.name() + ": apt-get install -y libbpf1");
                    int exit = new ProcessBuilder("apt-get", "install", "-y", "-q", "libbpf1").inheritIO().start().waitFor();
                    out.println(exit == 0 ? "        installed (takes effect on the next roar start)" : "        apt-get failed (exit " + exit + ")");
                } else {
                    out.println("  todo  " + check.name() + ": " + check.detail());
                    out.println("        " + check.fix());
                }
            }
            out.println("Tracefs is not needed: the probes use BTF tracepoints (tp_btf). Then: roar tracer check ebpf");
            return new EbpfTracer().availability().available() ? 0 : 1;
        }

        private static boolean isRoot() {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
