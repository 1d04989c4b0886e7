package dev.roar.cli;

import dev.roar.trace.classify.PathBytes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The acceptance fixture: a real git repository holding the example pipeline, initialized with
 * `roar init -y` and committed, plus a reader for the real store the runs write.
 */
final class Project {
    /** The demo pipeline (bin/demo runs it too): the acceptance fixture. */
    private static final Path PIPELINE = Path.of(System.getProperty("roar.pipeline", "../demo/pipeline")).toAbsolutePath().normalize();
    final Path root;
    /** The backend every run of this project must be traced by; null: whatever roar picks. */
    private String tracer;

    private Project(Path root) {
        this.root = root;
    }

    /** A project whose runs all use {@code tracer} (tracer.default, with fallback off so it cannot silently change). */
    static Project create(Path dir, String tracer) throws Exception {
        Project project = create(dir);
        for (String[] setting : new String[][]{{"tracer.default", tracer}, {"tracer.fallback_enabled", "false"}}) {
            RoarProcess.Result set = project.roar("config", "set", setting[0], setting[1]);
            assertThat(set.exitCode()).as(set.toString()).isZero();
        }
        project.tracer = tracer;
        return project;
    }

    static Project create(Path dir) throws Exception {
        for (String name : List.of("preprocess.py", "train.py", "evaluate.py", "input.csv", "test.csv")) {
            Files.copy(PIPELINE.resolve(name), dir.resolve(name));
        }
        Project project = new Project(dir.toRealPath());
        project.git("init", "-q", "-b", "main");
        project.commitAll("pipeline");
        RoarProcess.Result init = project.roar("init", "-y");
        assertThat(init.exitCode()).as(init.toString()).isZero();
        project.commitAll("ignore .roar/");
        return project;
    }

    RoarProcess.Result roar(String... args) {
        return RoarProcess.run(root, args);
    }

    /** Runs, asserts roar's exit code, and commits what the step produced (roar refuses a dirty tree). */
    RoarProcess.Result run(int expectedExit, String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(List.of(command));
        RoarProcess.Result result = roar(args.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(expectedExit);
        if (tracer != null) {
            assertThat(query("SELECT tracer_backend FROM jobs ORDER BY id DESC LIMIT 1")).as(result.toString()).containsExactly(tracer);
        }
        commitAll("after " + String.join(" ", command));
        return result;
    }

    void write(String path, String content) throws Exception {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    /** With the git CLI: JGit cannot add names that are not UTF-8, which C15 creates. */
    void commitAll(String message) throws Exception {
        git("add", "-A");
        git("-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "-q", "--allow-empty", "-m", message);
    }

    void git(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process git = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true).start();
        String output = new String(git.getInputStream().readAllBytes());
        assertThat(git.waitFor()).as("git %s: %s", String.join(" ", args), output).isZero();
    }

    record JobRow(long id, String uid, String command, int exitCode, int step, String type, TreeSet<String> inputs,
                  TreeSet<String> outputs, String metadata, List<byte[]> rawOutputs) {
    }

    List<JobRow> jobs() throws Exception {
        List<JobRow> jobs = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + root.resolve(".roar/roar.db"))) {
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT id, job_uid, command, exit_code, step_number, job_type, metadata FROM jobs ORDER BY id");
                 ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    long id = r.getLong(1);
                    List<byte[]> raw = paths(c, "job_outputs", id);
                    jobs.add(new JobRow(id, r.getString(2), r.getString(3), r.getInt(4), r.getInt(5), r.getString(6),
                            shown(paths(c, "job_inputs", id)), shown(raw), r.getString(7), raw));
                }
            }
        }
        return jobs;
    }

    JobRow lastJob() throws Exception {
        List<JobRow> jobs = jobs();
        assertThat(jobs).isNotEmpty();
        return jobs.getLast();
    }

    /** Rows of any query against the store, as text. */
    List<String> query(String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + root.resolve(".roar/roar.db"));
             PreparedStatement q = c.prepareStatement(sql); ResultSet r = q.executeQuery()) {
            int columns = r.getMetaData().getColumnCount();
            while (r.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? "|" : "").append(r.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    private static List<byte[]> paths(Connection c, String table, long jobId) throws Exception {
        List<byte[]> out = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT path FROM " + table + " WHERE job_id = ?")) {
            q.setLong(1, jobId);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    out.add(r.getBytes(1));
                }
            }
        }
        return out;
    }

    private TreeSet<String> shown(List<byte[]> raw) {
        TreeSet<String> out = new TreeSet<>();
        String prefix = root + "/";
        for (byte[] path : raw) {
            String text = PathBytes.of(path).display();
            out.add(text.startsWith(prefix) ? text.substring(prefix.length()) : text);
        }
        return out;
    }

    static Map<String, String> env(String... pairs) {
        Map<String, String> env = new java.util.HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }
}
