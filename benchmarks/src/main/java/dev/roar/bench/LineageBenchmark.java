package dev.roar.bench;

import dev.roar.bench.lineage.LargeSession;
import dev.roar.core.hash.HashCache;
import dev.roar.core.lineage.ArtifactPresence;
import dev.roar.core.lineage.JobFile;
import dev.roar.core.lineage.LineageGraph;
import dev.roar.core.lineage.LineageReader;
import dev.roar.core.project.ProjectLayout;
import dev.roar.core.store.Store;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What `roar dag` and `roar status` compute, without the JVM start: loading a 500-job, 50k-artifact
 * session (3 queries), building the graph with staleness, and checking every tracked file on disk
 * through the hash cache. Milliseconds per operation, warmed up; the CLI harness (benchmarks/lineage)
 * gives the cold numbers a user sees.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class LineageBenchmark {
    private Store store;
    private LineageReader reader;
    private List<JobFile> tracked;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        LargeSession session = LargeSession.create(Files.createTempDirectory("roar-lineage-jmh").resolve("repo"), 500, 100, 25, 42);
        store = Store.open(new ProjectLayout(session.root()).database());
        reader = new LineageReader(store);
        tracked = new ArrayList<>();
        graph().activeNodes().forEach(n -> {
            tracked.addAll(n.inputs());
            tracked.addAll(n.outputs());
        });
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        store.close();
    }

    /** The full DAG (`roar dag --json`, `roar status`): every job and file in 3 queries, then steps, dependencies, staleness. */
    @Benchmark
    public LineageGraph loadAndBuildGraph() {
        return graph();
    }

    /** `roar dag`'s text view: the same DAG from the inputs and only the outputs some input refers to. */
    @Benchmark
    public LineageGraph loadDependenciesAndBuildGraph() {
        return LineageGraph.of(reader.loadDependencies(reader.activeSession().orElseThrow()));
    }

    /** The part `roar status` adds: stat every tracked file and compare it with the hash cache. */
    @Benchmark
    public Map<?, ?> checkPresence() {
        return new ArtifactPresence(new HashCache(store)).check(tracked);
    }

    private LineageGraph graph() {
        return LineageGraph.of(reader.load(reader.activeSession().orElseThrow()));
    }
}
