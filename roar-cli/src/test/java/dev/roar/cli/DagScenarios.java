package dev.roar.cli;

import dev.roar.core.json.JsonReader;
import dev.roar.core.store.SessionRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance scenarios D1-D11 (sessions and the DAG) on the real CLI, once per backend (the
 * subclasses), plus the bad references the issue names.
 */
abstract class DagScenarios {
    @TempDir
    Path dir;

    abstract String tracer();

    private Project project() throws Exception {
        return Project.create(dir, tracer());
    }

    private static Project c1(Project p) throws Exception {
        p.run(0, "python3", "preprocess.py");
        p.run(0, "python3", "train.py", "--lr=0.01", "--epochs=10");
        p.run(0, "python3", "evaluate.py");
        return p;
    }

    private static RoarProcess.Result ok(RoarProcess.Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(RoarProcess.Result r) {
        ok(r);
        return (Map<String, Object>) JsonReader.read(r.out());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> doc, String key) {
        return (List<Map<String, Object>>) doc.get(key);
    }

    private static Map<String, Object> node(Map<String, Object> dag, int step) {
        return list(dag, "nodes").stream().filter(n -> ((Number) n.get("step_number")).intValue() == step
                && "run".equals(n.get("job_type"))).findFirst().orElseThrow(() -> new AssertionError("no node @" + step + " in " + dag));
    }

    /** A step that runs a shell line (the diamond and fan-in scenarios need no Python). */
    private static void sh(Project p, String line) throws Exception {
        p.run(0, "sh", "-c", line);
    }

    @Test
    void d1DagOfTheLinearPipeline() throws Exception {
        Project p = c1(project());
        assertThat(ok(p.roar("dag")).out()).contains("Pipeline: 3 steps").contains("@1").contains("@2").contains("@3");
        Map<String, Object> dag = json(p.roar("dag", "--json"));
        assertThat(dag.get("total_steps")).isEqualTo(3L);
        assertThat(dag.get("stale_count")).isEqualTo(0L);
        Map<String, Object> evaluate = node(dag, 3);
        assertThat(evaluate.get("command")).isEqualTo("python3 evaluate.py");
        assertThat(evaluate.get("state")).isEqualTo("active");
        assertThat(evaluate.get("metrics")).isEqualTo(Map.of("inputs", 2L, "outputs", 1L, "consumed", 1L));
        assertThat(evaluate.get("dependencies")).isEqualTo(List.of(2L));
        assertThat(node(dag, 1).get("dependencies")).isEqualTo(List.of());
        assertThat(list(dag, "artifacts")).extracting(a -> a.get("path"))
                .containsExactlyInAnyOrder("processed.csv", "model.pkl", "metrics.json");
        Map<String, Object> model = list(dag, "artifacts").stream().filter(a -> a.get("path").equals("model.pkl")).findFirst().orElseThrow();
        assertThat(model.get("consumer_steps")).isEqualTo(List.of(3L));
        assertThat(model.get("is_terminal")).isEqualTo(false);
    }

    @Test
    void d2ReRunWithChangedInputIsTheSameStepAndMakesDownstreamStale() throws Exception {
        Project p = c1(project());
        Files.writeString(p.root.resolve("input.csv"), Files.readString(p.root.resolve("input.csv")) + "7,15\n");
        p.commitAll("more data");
        p.run(0, "python3", "preprocess.py");
        assertThat(p.lastJob().step()).isEqualTo(1);
        String text = ok(p.roar("dag")).out();
        assertThat(text).containsPattern("@2 python3 train.py.*\\*").containsPattern("@3 python3 evaluate.py.*\\*");
        assertThat(text).doesNotContainPattern("@1 python3 preprocess.py.*\\*");
        Map<String, Object> dag = json(p.roar("dag", "--json"));
        assertThat(node(dag, 1).get("state")).isEqualTo("active");
        assertThat(node(dag, 2).get("state")).isEqualTo("stale");
        assertThat(node(dag, 3).get("state")).isEqualTo("stale");
        assertThat(dag.get("stale_count")).isEqualTo(2L);
        assertThat(ok(p.roar("dag", "--expanded")).out()).contains("[superseded]").contains("preprocess.py");
        Map<String, Object> expanded = json(p.roar("dag", "--json", "--expanded"));
        assertThat(list(expanded, "nodes")).filteredOn(n -> "superseded".equals(n.get("state"))).hasSize(1)
                .allSatisfy(n -> assertThat(n.get("step_number")).isEqualTo(1L));
        assertThat(list(expanded, "artifacts")).filteredOn(a -> "superseded".equals(a.get("state")))
                .extracting(a -> a.get("path")).containsExactly("processed.csv");
        assertThat(ok(p.roar("dag", "--stale-only")).out()).doesNotContain("preprocess.py").contains("train.py");
        // Re-running the stale steps in order brings the session back up to date.
        p.run(0, "python3", "train.py", "--lr=0.01", "--epochs=10");
        p.run(0, "python3", "evaluate.py");
        assertThat(json(p.roar("dag", "--json")).get("stale_count")).isEqualTo(0L);
    }

    @Test
    void d3DiamondAndFanIn() throws Exception {
        Project p = project();
        sh(p, "echo a > a.txt");
        sh(p, "cat a.txt > b.txt; echo b >> b.txt");
        sh(p, "cat a.txt > c.txt; echo c >> c.txt");
        sh(p, "cat b.txt c.txt > d.txt");
        Map<String, Object> dag = json(p.roar("dag", "--json"));
        assertThat(node(dag, 4).get("metrics")).isEqualTo(Map.of("inputs", 2L, "outputs", 1L, "consumed", 2L));
        assertThat(node(dag, 4).get("dependencies")).isEqualTo(List.of(2L, 3L));
        sh(p, "cat a.txt > b.txt; echo b2 >> b.txt");
        assertThat(p.lastJob().step()).isEqualTo(2);
        dag = json(p.roar("dag", "--json"));
        assertThat(node(dag, 4).get("state")).isEqualTo("stale");
        assertThat(node(dag, 3).get("state")).isEqualTo("active");
        assertThat(node(dag, 2).get("state")).isEqualTo("active");
        assertThat(ok(p.roar("dag")).out()).contains("(shown above)");

        sh(p, "echo 1 > f1.csv");
        sh(p, "echo 2 > f2.csv");
        sh(p, "echo 3 > f3.csv");
        sh(p, "cat f1.csv f2.csv f3.csv > features.csv");
        Map<String, Object> fanIn = node(json(p.roar("dag", "--json")), 8);
        assertThat(((Map<?, ?>) fanIn.get("metrics")).get("consumed")).isEqualTo(3L);
        assertThat(fanIn.get("dependencies")).isEqualTo(List.of(5L, 6L, 7L));
    }

    @Test
    void d4BuildStepsAreNumberedApart() throws Exception {
        Project p = c1(project());
        RoarProcess.Result build = ok(p.roar("build", "pip", "install", "--no-index", "pip"));
        assertThat(build.err()).contains("@B1");
        p.commitAll("after build");
        Project.JobRow job = p.lastJob();
        assertThat(job.type()).isEqualTo("build");
        assertThat(job.step()).isEqualTo(1);
        String dag = ok(p.roar("dag")).out();
        assertThat(dag).contains("@B1 pip install").contains("B = build step").contains("Pipeline: 3 steps");
        assertThat(ok(p.roar("status")).out()).containsPattern("Build steps: 1").containsPattern("Run steps: +3");
        Map<String, Object> json = json(p.roar("dag", "--json"));
        assertThat(json.get("total_steps")).isEqualTo(3L);
        assertThat(json.get("build_steps")).isEqualTo(1L);
    }

    @Test
    void d5ReRunAStepWithAnOverrideAndRecreateADeletedOutput() throws Exception {
        Project p = c1(project());
        RoarProcess.Result rerun = p.run(0, "@2", "--epochs=20");
        assertThat(rerun.err()).contains("Re-running @2: python3 train.py --lr=0.01 --epochs=20");
        Project.JobRow job = p.lastJob();
        assertThat(job.command()).isEqualTo("python3 train.py --lr=0.01 --epochs=20");
        assertThat(job.step()).isEqualTo(2);
        // Appended when the command has no such option.
        p.run(0, "@2", "--out=model.pkl");
        assertThat(p.lastJob().command()).isEqualTo("python3 train.py --lr=0.01 --epochs=20 --out=model.pkl");

        // Upstream stale: @3 depends on @2, which is now... active; make @2 stale by re-running @1 on new data.
        Files.writeString(p.root.resolve("input.csv"), Files.readString(p.root.resolve("input.csv")) + "8,17\n");
        p.commitAll("more data");
        p.run(0, "python3", "preprocess.py");
        RoarProcess.Result refused = p.roar("run", "@3");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("upstream of @3 are stale (@2)").contains("-y");
        int jobs = p.jobs().size();
        assertThat(p.jobs()).hasSize(jobs);
        p.run(0, "-y", "@3");
        assertThat(p.lastJob().step()).isEqualTo(3);

        Files.delete(p.root.resolve("processed.csv"));
        p.commitAll("lost processed.csv");
        p.run(0, "@1");
        assertThat(p.root.resolve("processed.csv")).exists();
        assertThat(p.lastJob().step()).isEqualTo(1);

        RoarProcess.Result bad = p.roar("run", "@2", "epochs");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).contains("'epochs' is not a --key=value override");
    }

    @Test
    void d6StatusLogAndShow() throws Exception {
        Project p = c1(project());
        p.run(3, "sh", "-c", "exit 3");
        String status = ok(p.roar("status")).out();
        String hash = SessionRepository.localSessionHash(p.root.resolve(".roar"), 1);
        assertThat(status).contains("DAG hash:    " + hash).containsPattern("Run steps: +4").contains("Present:")
                .contains("model.pkl").contains("Total: 5 present, 0 modified, 0 missing");
        Files.delete(p.root.resolve("metrics.json"));
        Files.writeString(p.root.resolve("model.pkl"), "changed");
        status = ok(p.roar("status")).out();
        assertThat(status).contains("Missing:").contains("Modified").contains("Total: 3 present, 1 modified, 1 missing");
        Map<String, Object> json = json(p.roar("status", "--json"));
        assertThat(json.get("dag_hash")).isEqualTo(hash);

        String log = ok(p.roar("log")).out();
        List<Project.JobRow> jobs = p.jobs();
        assertThat(log).contains("Job Log (4 jobs)").contains("UID").contains("STATUS");
        for (Project.JobRow job : jobs) {
            assertThat(log).containsPattern(job.uid() + " +@" + job.step() + " +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d +[0-9.]+s +"
                    + (job.exitCode() == 0 ? "OK" : "FAIL") + " +" + java.util.regex.Pattern.quote(job.command()));
        }
        String show = ok(p.roar("show", "@2")).out();
        assertThat(show).contains("Job: " + jobs.get(1).uid()).contains("python3 train.py --lr=0.01 --epochs=10")
                .contains("Inputs (1):").contains("processed.csv").contains("Outputs (1):").contains("model.pkl")
                .contains("Exit code: 0");
        assertThat(ok(p.roar("show", jobs.get(1).uid())).out()).contains("Job: " + jobs.get(1).uid());
        p.git("checkout", "-q", "--", "model.pkl", "metrics.json");
        String artifact = ok(p.roar("show", "model.pkl")).out();
        assertThat(artifact).contains("Artifact: model.pkl").contains("blake3: ").contains("Produced by (1):")
                .contains("@2  job " + jobs.get(1).uid()).contains("Consumed by (1):").contains("@3  job " + jobs.get(2).uid());
        Map<String, Object> shown = json(p.roar("show", "model.pkl", "--json"));
        String digest = (String) ((Map<?, ?>) shown.get("hashes")).get("blake3");
        assertThat(ok(p.roar("show", digest.substring(0, 10))).out()).contains("Artifact: model.pkl");
        assertThat(ok(p.roar("show")).out()).contains("DAG hash:   " + hash);
    }

    @Test
    void d7LabelsAreVersioned() throws Exception {
        Project p = c1(project());
        assertThat(ok(p.roar("label", "set", "job", "@1", "owner=alice")).out()).contains("Updated labels (version 1):").contains("owner: alice");
        assertThat(ok(p.roar("label", "set", "job", "@1", "owner=alice")).out()).contains("Labels unchanged (version 1):");
        assertThat(ok(p.roar("label", "set", "job", "@1", "owner=bob")).out()).contains("Updated labels (version 2):").contains("owner: bob");
        String history = ok(p.roar("label", "history", "job", "@1")).out();
        assertThat(history).contains("version 1").contains("owner: alice").contains("version 2").contains("owner: bob");
        assertThat(ok(p.roar("label", "unset", "job", "@1", "owner")).out()).contains("Removed labels (version 3):");
        assertThat(ok(p.roar("label", "show", "job", "@1")).out()).contains("version 3").doesNotContain("owner");
        ok(p.roar("label", "set", "job", "@2", "model.arch=cnn", "stage=dev"));
        assertThat(ok(p.roar("label", "cp", "job", "@2", "@3")).out()).contains("model.arch: cnn").contains("stage: dev");
        ok(p.roar("label", "set", "artifact", "model.pkl", "quality=good"));
        ok(p.roar("label", "set", "dag", "current", "project=demo"));
        Map<String, Object> dag = json(p.roar("dag", "--json"));
        assertThat(dag.get("labels")).isEqualTo(Map.of("project", "demo"));
        assertThat(node(dag, 3).get("labels")).isEqualTo(Map.of("model.arch", "cnn", "stage", "dev"));
        assertThat(list(dag, "artifacts")).filteredOn(a -> a.get("path").equals("model.pkl"))
                .singleElement().satisfies(a -> assertThat(a.get("labels")).isEqualTo(Map.of("quality", "good")));
        assertThat(p.query("SELECT count(*) FROM labels WHERE entity_type = 'job'")).containsExactly("5");
        RoarProcess.Result bad = p.roar("label", "set", "job", "@1", "novalue");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).contains("'novalue' is not a KEY=VALUE label");
    }

    @Test
    void d8ConfigAndEnvReachTheJob() throws Exception {
        Project p = project();
        ok(p.roar("config", "set", "output.quiet", "true"));
        assertThat(ok(p.roar("config", "get", "output.quiet")).out().strip()).endsWith(": true");
        ok(p.roar("env", "set", "FOO", "bar"));
        ok(p.roar("env", "set", "API_TOKEN", "hunter2"));
        RoarProcess.Result run = p.run(0, "sh", "-c", "echo \"$FOO\" > foo.txt");
        assertThat(run.err().lines().filter(l -> l.startsWith("roar:")).count()).isEqualTo(1);
        assertThat(Files.readString(p.root.resolve("foo.txt")).strip()).isEqualTo("bar");
        Map<String, Object> metadata = JsonReader.object(p.lastJob().metadata());
        assertThat(metadata.get("env")).isEqualTo(Map.of("FOO", "bar", "API_TOKEN", "<redacted>"));
        assertThat(ok(p.roar("show", "@1")).out()).contains("FOO=bar").doesNotContain("hunter2");
    }

    @Test
    void d9PopAndReset() throws Exception {
        Project p = c1(project());
        RoarProcess.Result pop = ok(p.roar("pop", "-y"));
        assertThat(pop.out()).contains("Step @3: python3 evaluate.py (exit 0").contains("Removed job").contains("Deleted 1 output file.");
        assertThat(p.root.resolve("metrics.json")).doesNotExist();
        assertThat(p.jobs()).hasSize(2);
        p.commitAll("popped");

        // Never delete what the job did not write: a changed output is kept, and so are the inputs.
        Files.writeString(p.root.resolve("model.pkl"), "edited by hand");
        p.commitAll("hand edit");
        pop = ok(p.roar("pop", "-y"));
        assertThat(pop.out()).contains("Deleted 0 output files.").contains("model.pkl (kept: changed since the job wrote it)");
        assertThat(Files.readString(p.root.resolve("model.pkl"))).isEqualTo("edited by hand");
        assertThat(p.root.resolve("processed.csv")).exists();

        // Same bytes written by an earlier run of the step: popping the re-run keeps the file.
        p.run(0, "python3", "preprocess.py");
        assertThat(p.jobs()).hasSize(2);
        pop = ok(p.roar("pop", "-y"));
        assertThat(pop.out()).contains("processed.csv (kept: an earlier job of the session wrote the same bytes)");
        assertThat(p.root.resolve("processed.csv")).exists();
        assertThat(p.root.resolve("input.csv")).exists();

        RoarProcess.Result noTty = p.roar("pop");
        assertThat(noTty.exitCode()).isEqualTo(1);
        assertThat(noTty.err()).contains("Add -y");
        assertThat(p.jobs()).hasSize(1);

        RoarProcess.Result reset = ok(p.roar("reset", "-y"));
        assertThat(reset.out()).contains("Current session has 1 step.").contains("Deactivated session 1").contains("Created new session 2");
        assertThat(ok(p.roar("dag")).out()).contains("No steps in pipeline.");
        assertThat(p.jobs()).hasSize(1);
        assertThat(p.query("SELECT id, is_active FROM sessions ORDER BY id")).containsExactly("1|0", "2|1");
        String old = SessionRepository.localSessionHash(p.root.resolve(".roar"), 1);
        assertThat(ok(p.roar("show", "session:" + old.substring(0, 12))).out()).contains("python3 preprocess.py");
        assertThat(ok(p.roar("pop", "-y")).out()).contains("No jobs in the active session.");
    }

    @Test
    void d10DirtyTreeRefusesAndRecordsNothing() throws Exception {
        Project p = project();
        p.write("notes.txt", "wip");
        RoarProcess.Result r = p.roar("run", "python3", "preprocess.py");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("Run blocked: working tree is dirty.").contains("notes.txt");
        assertThat(p.jobs()).isEmpty();
        assertThat(p.root.resolve("processed.csv")).doesNotExist();
    }

    @Test
    void d11DiffNamesTheParameterAndWalksToTheRootCause() throws Exception {
        Project p = project();
        p.run(0, "python3", "preprocess.py");
        p.run(0, "python3", "train.py", "--epochs=10", "--out", "model-a.pkl");
        p.run(0, "python3", "train.py", "--epochs=15");
        p.run(0, "python3", "train.py", "--epochs=20", "--out", "model-b.pkl");
        assertThat(p.lastJob().step()).isEqualTo(4);
        String diff = ok(p.roar("diff", "@2", "@4")).out();
        assertThat(diff).contains("--epochs: 10 -> 20").contains("--out: model-a.pkl -> model-b.pkl")
                .contains("inputs: same (1)").contains("- model-a.pkl").contains("+ model-b.pkl");
        Map<String, Object> json = json(p.roar("diff", "@2", "@4", "--json"));
        assertThat(list(json, "parameters")).anySatisfy(c -> assertThat(c).containsEntry("name", "--epochs")
                .containsEntry("a", "10").containsEntry("b", "20"));

        String byArtifact = ok(p.roar("diff", "model-a.pkl", "model-b.pkl")).out();
        assertThat(byArtifact).contains("Root cause: the jobs that made model-a.pkl differ").contains("--epochs: 10 -> 20");

        // Different data upstream: the walk goes past train and preprocess to input.csv.
        Files.writeString(p.root.resolve("input.csv"), Files.readString(p.root.resolve("input.csv")) + "9,19\n");
        p.commitAll("new data");
        p.run(0, "python3", "preprocess.py");
        p.run(0, "python3", "train.py", "--epochs=10", "--out", "model-c.pkl");
        String root = ok(p.roar("diff", "model-a.pkl", "model-c.pkl")).out();
        assertThat(root).contains("Walked upstream: model-a.pkl <- processed.csv <- input.csv")
                .contains("Root cause: input.csv differs");
        Map<String, Object> rootJson = json(p.roar("diff", "model-a.pkl", "model-c.pkl", "--json"));
        Map<?, ?> cause = (Map<?, ?>) rootJson.get("root_cause");
        assertThat(cause.get("kind")).isEqualTo("source");
        assertThat(cause.get("path")).isEqualTo("input.csv");
    }

    @Test
    void badReferencesSayWhatExists() throws Exception {
        Project p = c1(project());
        RoarProcess.Result missing = p.roar("show", "@99");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err().lines().findFirst().orElseThrow()).isEqualTo(
                "Error: No step @99 in the active session; it has @1-@3. See 'roar dag' for the session's steps.");
        RoarProcess.Result unknown = p.roar("show", "ffffffffffff0000");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("No job or artifact matches 'ffffffffffff0000'.");
        RoarProcess.Result typo = p.roar("show", "nosuchfile.txt");
        assertThat(typo.err()).contains("No job, artifact or file matches 'nosuchfile.txt'.");
        RoarProcess.Result notRecorded = p.roar("show", "preprocess.py");
        assertThat(notRecorded.err()).contains("preprocess.py is not a recorded artifact");

        // Enough artifacts that some two digests or uids must share a first hex digit.
        p.run(0, "sh", "-c", "for i in $(seq 1 20); do echo $i > many_$i.txt; done");
        List<String> ids = new ArrayList<>(p.query("SELECT digest FROM artifact_hashes WHERE algorithm = 'blake3'"));
        ids.addAll(p.query("SELECT job_uid FROM jobs"));
        String shared = ids.stream().collect(Collectors.groupingBy(s -> s.substring(0, 1), Collectors.counting()))
                .entrySet().stream().filter(e -> e.getValue() > 1).findFirst().orElseThrow().getKey();
        RoarProcess.Result ambiguous = p.roar("show", shared);
        assertThat(ambiguous.exitCode()).isEqualTo(1);
        assertThat(ambiguous.err()).contains("'" + shared + "' is ambiguous").contains("Type more characters");
        RoarProcess.Result wrongKind = p.roar("diff", "@1", "model.pkl");
        assertThat(wrongKind.err()).contains("different kinds of things");
    }

    @Test
    void jsonRoundTripsNamesThatAreNotUtf8() throws Exception {
        Project p = project();
        p.write("names.py", "open(b'bad\\xffname', 'wb').write(b'x')\nopen('caf\\u00e9', 'w').write('y')\n");
        p.commitAll("names");
        p.run(0, "python3", "names.py");
        Map<String, Object> dag = json(p.roar("dag", "--json"));
        Map<String, Object> bad = list(dag, "artifacts").stream().filter(a -> a.containsKey("path_b64")).findFirst().orElseThrow();
        assertThat(Base64.getDecoder().decode((String) bad.get("path_b64")))
                .isEqualTo(new byte[]{'b', 'a', 'd', (byte) 0xff, 'n', 'a', 'm', 'e'});
        assertThat(bad.get("path")).isEqualTo("bad\\xffname");
        assertThat(list(dag, "artifacts")).anySatisfy(a -> assertThat(a).containsEntry("path", "café").doesNotContainKey("path_b64"));
        // The escaped form roar prints is a reference that names the same file.
        assertThat(ok(p.roar("show", "bad\\xffname")).out()).contains("Artifact: bad\\xffname");
    }

    @Test
    void workflowGenerateListsStepsInOrder() throws Exception {
        Project p = c1(project());
        String yaml = ok(p.roar("workflow", "generate")).out();
        assertThat(yaml).contains("steps:");
        assertThat(yaml.indexOf("\"@1\"")).isLessThan(yaml.indexOf("\"@2\"")).isLessThan(yaml.indexOf("\"@3\""));
        assertThat(yaml).contains("command: \"python3 train.py --lr=0.01 --epochs=10\"").contains("needs: [\"@2\"]");
        ok(p.roar("workflow", "generate", "-o", "wf.yaml"));
        assertThat(Files.readString(p.root.resolve("wf.yaml"))).isEqualTo(yaml);
        RoarProcess.Result again = p.roar("workflow", "generate", "-o", "wf.yaml");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("already exists");
    }
}
