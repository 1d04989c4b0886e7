package dev.roar.bench.guard;

import dev.roar.core.json.JsonReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ResultsReportTest {
    /** Two forks, one of them in the VM's slow state: the kept score is the median iteration, not JMH's mean. */
    private static final String TWO_FORKS = """
            [{"benchmark": "dev.roar.bench.EventRingBenchmark.offerThenDrain", "mode": "thrpt", "forks": 2,
              "params": {},
              "primaryMetric": {"score": 41.0, "scoreError": 9.5, "scoreUnit": "ops/s",
                "rawData": [[50.0, 52.0, 51.0], [28.0, 29.0, 36.0]]},
              "secondaryMetrics": {"gc.alloc.rate.norm": {"score": 0.001, "scoreUnit": "B/op"}}}]
            """;

    @Test
    void aJmhRowKeepsTheMedianOfEveryIterationAndTheirRange() {
        List<Object> rows = ResultsReport.jmhRows(asList(JsonReader.read(TWO_FORKS)));

        assertThat(rows).hasSize(1);
        Map<?, ?> row = (Map<?, ?>) rows.getFirst();
        assertThat(row.get("benchmark")).isEqualTo("EventRingBenchmark.offerThenDrain");
        assertThat(row.get("score")).isEqualTo(43.0);
        assertThat(row.get("mean")).isEqualTo(41.0);
        assertThat(row.get("min")).isEqualTo(28.0);
        assertThat(row.get("max")).isEqualTo(52.0);
        assertThat(row.get("iterations")).isEqualTo(6);
    }

    @Test
    void theComparisonUsesTheMedian() {
        List<Object> rows = ResultsReport.jmhRows(asList(JsonReader.read(TWO_FORKS)));

        List<ResultsReport.Metric> metrics = ResultsReport.metrics(Map.of("jmh", rows));

        assertThat(metrics).singleElement().satisfies(m -> {
            assertThat(m.value()).isEqualTo(43.0);
            assertThat(m.higherIsBetter()).isTrue();
        });
    }

    /** The guard runs the store benchmark on its own (its own warm-ups): both files' benchmarks are reported. */
    @Test
    void jmhResultsFromSeveralFilesAreJoinedAndAMissingFileAddsNone(@TempDir Path dir) throws IOException {
        Path suite = Files.writeString(dir.resolve("jmh.json"), TWO_FORKS);
        Path store = Files.writeString(dir.resolve("jmh-store.json"), TWO_FORKS.replace("EventRingBenchmark.offerThenDrain",
                "StoreBenchmark.recordJobWith10kInputsAnd10kOutputs"));

        List<Object> rows = ResultsReport.jmhRows(ResultsReport.jmhResults(suite + "," + store + "," + dir.resolve("absent.json")));

        assertThat(rows).extracting(row -> (Object) ((Map<?, ?>) row).get("benchmark"))
                .containsExactly("EventRingBenchmark.offerThenDrain", "StoreBenchmark.recordJobWith10kInputsAnd10kOutputs");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> asList(Object o) {
        return (List<Object>) o;
    }
}
