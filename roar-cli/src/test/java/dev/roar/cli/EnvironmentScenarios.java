package dev.roar.cli;

import dev.roar.core.json.JsonReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a job records about its environment, on real traced jobs: the Python distributions it imported
 * (and not the ones it did not), the Debian packages of the libraries it loaded, the interpreter, and
 * for a build step the distribution a pip install put in place (from a wheel built here: no network).
 */
abstract class EnvironmentScenarios {
    @TempDir
    Path dir;

    abstract String tracer();

    @Test
    void aRunRecordsThePackagesItUsedAndTheInterpreter() throws Exception {
        Project p = Project.create(dir, tracer());
        p.run(0, "python3", "-c", "import six; open('out.txt', 'w').write(six.__version__)");

        Map<String, Object> job = JsonReader.object(p.roar("show", "@1", "--json").out());
        Map<String, Object> packages = object(job.get("packages"));
        assertThat(object(packages.get("pip"))).containsEntry("six", python("import importlib.metadata as m; print(m.version('six'))"))
                .doesNotContainKey("numpy");
        assertThat(object(packages.get("dpkg"))).containsKey("libc6");
        Map<String, Object> runtime = object(job.get("runtime"));
        assertThat(object(runtime.get("python"))).containsEntry("version", python("import platform; print(platform.python_version())"));
        assertThat(runtime).containsEntry("arch", "x86_64").containsKeys("hostname", "os", "cpu", "memory", "gpus");
        assertThat(p.roar("show", "@1").out()).contains("six==").contains("Python:");
    }

    @Test
    void aBuildRecordsWhatItInstalledAndTheToolsItRan() throws Exception {
        Project p = Project.create(dir, tracer());
        p.write(".gitignore", ".roar/\nvenv/\n");
        Path wheel = demoWheel(p.root);
        p.commitAll("wheel");
        Process venv = new ProcessBuilder("python3", "-m", "venv", "venv").directory(p.root.toFile()).inheritIO().start();
        assertThat(venv.waitFor()).isZero();

        RoarProcess.Result build = p.roar("build", "venv/bin/python", "-m", "pip", "install", "--no-index", "--no-deps",
                wheel.getFileName().toString());
        assertThat(build.exitCode()).as(build.toString()).isZero();
        p.run(0, "venv/bin/python", "-c", "import demo_pkg; open('v.txt', 'w').write(str(demo_pkg.VALUE))");

        Map<String, Object> built = object(JsonReader.object(p.roar("show", "@B1", "--json").out()).get("packages"));
        assertThat(object(built.get("build_pip"))).containsEntry("demo-pkg", "1.0");
        assertThat(built.get("build_tools")).asList().contains("python");
        Map<String, Object> ran = object(JsonReader.object(p.roar("show", "@1", "--json").out()).get("packages"));
        assertThat(object(ran.get("pip"))).containsEntry("demo-pkg", "1.0");
    }

    /** A minimal pure-Python wheel, as a build backend would write it. */
    static Path demoWheel(Path dir) throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("demo_pkg/__init__.py", "VALUE = 7\n");
        files.put("demo_pkg-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: demo-pkg\nVersion: 1.0\n");
        files.put("demo_pkg-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\nGenerator: roar-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
        StringBuilder record = new StringBuilder();
        for (Map.Entry<String, String> f : files.entrySet()) {
            byte[] bytes = f.getValue().getBytes(StandardCharsets.UTF_8);
            String hash = Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
            record.append(f.getKey()).append(",sha256=").append(hash).append(',').append(bytes.length).append('\n');
        }
        record.append("demo_pkg-1.0.dist-info/RECORD,,\n");
        files.put("demo_pkg-1.0.dist-info/RECORD", record.toString());
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                out.putNextEntry(new ZipEntry(f.getKey()));
                out.write(f.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return Files.write(dir.resolve("demo_pkg-1.0-py3-none-any.whl"), zip.toByteArray());
    }

    private static String python(String code) throws Exception {
        Process p = new ProcessBuilder("python3", "-c", code).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).isZero();
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }
}
