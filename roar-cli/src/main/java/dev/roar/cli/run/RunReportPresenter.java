package dev.roar.cli.run;

import dev.roar.core.filter.FilterCategory;
import dev.roar.core.project.ProjectLayout;
import dev.roar.core.run.JobType;
import dev.roar.core.run.RecordedFile;
import dev.roar.core.run.RunResult;
import dev.roar.trace.classify.PathBytes;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The report after a run: inputs -> job -> outputs, git, timing; shorter with -q, fuller with -v/-vv. */
final class RunReportPresenter {
    static final int ROWS = 4;

    private final ProjectLayout layout;
    private final PrintWriter out;

    RunReportPresenter(ProjectLayout layout, PrintWriter out) {
        this.layout = layout;
        this.out = out;
    }

    void print(RunResult r, int verbosity) {
        String step = (r.type() == JobType.BUILD ? "@B" : "@") + r.stepNumber();
        String timing = seconds(r.traceTime().toMillis() + r.postTime().toMillis()) + " (trace "
                + seconds(r.traceTime().toMillis()) + " + post " + seconds(r.postTime().toMillis()) + ")";
        String status = r.exitCode() == 0 ? "done" : "failed";
        if (verbosity < 0) {
            out.println("roar: " + status + " · job " + r.jobUid() + " " + step + " · " + r.inputs().size() + " in · "
                    + r.outputs().size() + " out · exit " + r.exitCode() + " · " + timing);
            warnings(r);
            return;
        }
        out.println("roar: " + status + " · job " + r.jobUid() + " (" + step + ") · exit " + r.exitCode() + " · " + timing);
        int rows = verbosity > 0 ? Integer.MAX_VALUE : ROWS;
        List<String> inputs = column(r.inputs(), rows);
        List<String> outputs = column(r.outputs(), rows);
        int width = Math.max(24, inputs.stream().mapToInt(String::length).max().orElse(0) + 2);
        out.printf("  %-" + width + "s   %s%n", "inputs (" + r.inputs().size() + ")", "outputs (" + r.outputs().size() + ")");
        for (int i = 0; i < Math.max(inputs.size(), outputs.size()); i++) {
            String in = i < inputs.size() ? inputs.get(i) : "";
            String o = i < outputs.size() ? outputs.get(i) : "";
            out.printf("    %-" + (width - 2) + "s   %s%n", in, o).flush();
        }
        if (!r.deletions().isEmpty()) {
            out.println("  deleted: " + String.join(", ", r.deletions().stream().limit(rows).map(this::show).toList())
                    + more(r.deletions().size(), rows));
        }
        out.println("  git: " + r.git().branch().orElse("(detached)") + " @ " + r.git().shortCommit().orElse("(no commit)")
                + (r.git().clean() ? " clean" : " dirty"));
        if (verbosity > 0) {
            out.println("  tracer: " + r.trace().backend() + " · " + r.trace().events() + " events · "
                    + r.trace().processes().size() + " programs run · hashed " + mib(r.bytesHashed())
                    + " (" + r.cacheHits() + " from cache)");
        }
        if (verbosity > 1) {
            for (Map.Entry<FilterCategory, List<PathBytes>> e : r.dropped().entrySet()) {
                out.println("  dropped as " + e.getKey().description() + " (" + e.getValue().size() + "):");
                e.getValue().forEach(p -> out.println("    " + show(p)));
            }
        }
        warnings(r);
    }

    private void warnings(RunResult r) {
        r.warnings().forEach(w -> out.println("roar: warning: " + w));
        out.flush();
    }

    private List<String> column(List<RecordedFile> files, int rows) {
        List<String> lines = new java.util.ArrayList<>(files.stream().limit(rows).map(f -> show(f.path())).toList());
        if (files.size() > rows) {
            lines.add("… and " + (files.size() - rows) + " more");
        }
        return lines;
    }

    private static String more(int size, int rows) {
        return size > rows ? " … and " + (size - rows) + " more" : "";
    }

    /** Repo-relative when inside the repo, escaped so any name prints on one line. */
    String show(PathBytes path) {
        String text = path.display();
        String root = layout.root() + "/";
        return text.startsWith(root) ? text.substring(root.length()) : text;
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
