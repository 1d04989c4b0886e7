package dev.roar.cli.lineage;

import dev.roar.cli.CliContext;
import dev.roar.core.label.LabelStore;
import dev.roar.core.lineage.LineageGraph;
import dev.roar.core.lineage.LineageReader;
import dev.roar.core.lineage.ReferenceResolver;
import dev.roar.core.project.ProjectLayout;
import dev.roar.core.project.ProjectLocator;
import dev.roar.core.store.Session;
import dev.roar.core.store.Store;
import dev.roar.trace.classify.PathBytes;

import java.util.Optional;

/** The project, its store and the readers over it, opened once per lineage command. */
final class Workspace implements AutoCloseable {
    final ProjectLayout layout;
    final Store store;
    final LineageReader reader;
    final ReferenceResolver resolver;
    final LabelStore labels;
    private final PathBytes rootPrefix;

    private Workspace(CliContext context) {
        layout = ProjectLocator.require(context.workingDirectory());
        store = Store.open(layout.database());
        reader = new LineageReader(store);
        resolver = new ReferenceResolver(reader, context.workingDirectory());
        labels = new LabelStore(store);
        rootPrefix = PathBytes.of(layout.root() + "/");
    }

    static Workspace open(CliContext context) {
        return new Workspace(context);
    }

    Optional<Session> activeSession() {
        return reader.activeSession();
    }

    /** The active session's DAG, or empty after telling the user there is no session (not an error for read-only views). */
    Optional<LineageGraph> activeGraphOrSay(java.io.PrintWriter out) {
        return activeSessionOrSay(out).map(s -> activeGraph());
    }

    /** The active session, or empty after telling the user there is none. */
    Optional<Session> activeSessionOrSay(java.io.PrintWriter out) {
        Optional<Session> session = activeSession();
        if (session.isEmpty()) {
            out.println("No active session. Run 'roar run' to create a session first.");
        }
        return session;
    }

    LineageGraph activeGraph() {
        return resolver.activeGraph();
    }

    /** The session's steps, dependencies and staleness, without its outputs listed (see LineageReader.loadDependencies). */
    LineageGraph dependencyGraph(Session session) {
        return LineageGraph.of(reader.loadDependencies(session));
    }

    /** Repo-relative when inside the project, escaped so any name prints on one line and parses back. */
    String show(PathBytes path) {
        return relative(path).display();
    }

    /** The path's bytes relative to the project root when inside it (what {@link #show} prints), else as is. */
    PathBytes relative(PathBytes path) {
        if (!path.startsWith(rootPrefix) || path.length() == rootPrefix.length()) {
            return path;
        }
        byte[] bytes = path.toByteArray();
        return PathBytes.of(java.util.Arrays.copyOfRange(bytes, rootPrefix.length(), bytes.length));
    }

    @Override
    public void close() {
        store.close();
    }
}
