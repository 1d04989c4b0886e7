package dev.roar.cli.run;

import dev.roar.cli.CliContext;
import dev.roar.core.RoarException;
import dev.roar.core.json.JsonReader;
import dev.roar.core.lineage.JobArgv;
import dev.roar.core.lineage.JobState;
import dev.roar.core.lineage.LineageGraph;
import dev.roar.core.lineage.LineageJob;
import dev.roar.core.lineage.LineageReader;
import dev.roar.core.lineage.ParameterChanges;
import dev.roar.core.lineage.ReferenceResolver;
import dev.roar.core.lineage.StepRef;
import dev.roar.core.project.ProjectLayout;
import dev.roar.core.run.JobType;
import dev.roar.core.store.Store;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * `roar run @N [--key=value ...]`: the step's latest command with the overrides applied, run in the
 * directory it ran in, after confirming when a step upstream of it is stale (its inputs would be
 * out of date again at once).
 */
record StepRerun(StepRef step, List<String> argv, JobType type, Path directory) {
    private static final Pattern OVERRIDE = Pattern.compile("--[A-Za-z0-9][A-Za-z0-9_.-]*=.*");

    static StepRerun plan(ProjectLayout layout, CliContext context, List<String> words, boolean yes, CommandSpec spec) {
        List<String> overrides = new ArrayList<>();
        boolean confirmed = yes;
        for (String word : words.subList(1, words.size())) {
            if (word.equals("-y") || word.equals("--yes")) {
                confirmed = true;
            } else if (OVERRIDE.matcher(word).matches()) {
                overrides.add(word);
            } else {
                throw new RoarException("'" + word + "' is not a --key=value override.",
                        "After " + words.getFirst() + " only --key=value words may follow, e.g. roar run @2 --epochs=20.");
            }
        }
        try (Store store = Store.open(layout.database())) {
            ReferenceResolver resolver = new ReferenceResolver(new LineageReader(store), context.workingDirectory());
            LineageJob job = resolver.step(words.getFirst());
            LineageGraph graph = resolver.activeDependencyGraph();
            Set<StepRef> staleUpstream = staleUpstream(graph, job.step());
            if (!staleUpstream.isEmpty() && !confirmed) {
                String list = String.join(", ", staleUpstream.stream().map(StepRef::toString).toList());
                boolean go = context.prompter().confirm("Steps upstream of " + job.step() + " are stale (" + list
                        + "); its inputs may be out of date. Run anyway?", false).orElseThrow(() -> new RoarException(
                        "Steps upstream of " + job.step() + " are stale (" + list + ").",
                        "Re-run them first (roar run " + staleUpstream.iterator().next() + "), or add -y to run " + job.step() + " anyway."));
                if (!go) {
                    throw new RoarException("Not re-run: upstream of " + job.step() + " is stale (" + list + ").",
                            "Re-run " + staleUpstream.iterator().next() + " first.");
                }
            }
            List<String> argv = ParameterChanges.override(JobArgv.of(job), overrides);
            return new StepRerun(job.step(), argv, job.type(), directory(job, layout));
        }
    }

    /** Steps this one depends on, directly or not, that are stale themselves. */
    private static Set<StepRef> staleUpstream(LineageGraph graph, StepRef step) {
        Set<StepRef> seen = new TreeSet<>();
        Set<StepRef> stale = new TreeSet<>();
        Deque<StepRef> work = new ArrayDeque<>(graph.active(step).map(LineageGraph.Node::dependencies).orElse(new TreeSet<>()));
        while (!work.isEmpty()) {
            StepRef next = work.pop();
            if (!seen.add(next) || next.equals(step)) {
                continue;
            }
            graph.active(next).ifPresent(n -> {
                if (n.state() == JobState.STALE) {
                    stale.add(next);
                }
                work.addAll(n.dependencies());
            });
        }
        return stale;
    }

    /** Where the job ran (recorded since this version), if that directory is still there; else the project root. */
    private static Path directory(LineageJob job, ProjectLayout layout) {
        try {
            Object cwd = JsonReader.object(job.metadata()).get("cwd");
            if (cwd instanceof String s && Files.isDirectory(Path.of(s))) {
                return Path.of(s);
            }
        } catch (IllegalArgumentException e) {
            // unreadable metadata: the project root is the best guess
        }
        return layout.root();
    }
}
