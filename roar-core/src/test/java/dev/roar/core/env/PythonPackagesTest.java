package dev.roar.core.env;

import dev.roar.trace.classify.PathBytes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** A hand-built site-packages directory, laid out the way pip leaves one. */
class PythonPackagesTest {
    @TempDir
    Path dir;
    Path site;
    Path roarDir;

    @BeforeEach
    void installSomeDistributions() throws Exception {
        site = Files.createDirectories(dir.resolve("venv/lib/python3.11/site-packages"));
        roarDir = Files.createDirectories(dir.resolve(".roar"));
        wheel("numpy", "2.4.6", "numpy/__init__.py", "numpy/core/multiarray.py", "numpy.libs/libopenblas.so");
        wheel("six", "1.17.0", "six.py", "__pycache__/six.cpython-311.pyc");
        // Namespace package: two distributions share google/.
        wheel("protobuf", "5.29.0", "google/protobuf/__init__.py");
        wheel("google-auth", "2.40.0", "google/auth/__init__.py");
        wheel("odd", "0.1", "\"odd,name/mod.py\"");
        wheel("setuptools", "65.5.0", "distutils-precedence.pth", "_distutils_hack/__init__.py");
        Path egg = Files.createDirectories(site.resolve("PyYAML-6.0.egg-info"));
        Files.writeString(egg.resolve("PKG-INFO"), "Metadata-Version: 1.1\nName: PyYAML\nVersion: 6.0\n\nYAML parser\n");
        Files.writeString(egg.resolve("installed-files.txt"), "../yaml/__init__.py\n../_yaml.so\nPKG-INFO\n");
    }

    private void wheel(String name, String version, String... files) throws Exception {
        Path info = Files.createDirectories(site.resolve(name.replace('-', '_') + "-" + version + ".dist-info"));
        Files.writeString(info.resolve("METADATA"), "Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version
                + "\nSummary: x\n\nName: not-a-header\n");
        StringBuilder record = new StringBuilder();
        for (String f : files) {
            record.append(f).append(",sha256=abc,10\n");
        }
        record.append(info.getFileName()).append("/METADATA,,\n");
        Files.writeString(info.resolve("RECORD"), record);
    }

    private List<PathBytes> paths(String... relative) {
        return java.util.Arrays.stream(relative).map(r -> PathBytes.of(site.resolve(r).toString())).toList();
    }

    @Test
    void namesTheDistributionsWhoseFilesWereRead() {
        Map<String, String> used = new PythonPackages(roarDir).used(paths(
                "numpy/core/multiarray.py", "numpy/core/__pycache__/multiarray.cpython-311.pyc", "__pycache__/six.cpython-311.pyc",
                "google/protobuf/__init__.py", "yaml/__init__.py", "odd,name/mod.py"));
        assertThat(used).containsExactly(entry("numpy", "2.4.6"), entry("odd", "0.1"), entry("protobuf", "5.29.0"),
                entry("PyYAML", "6.0"), entry("six", "1.17.0"));
    }

    @Test
    void metadataScansPthFilesAndUnownedFilesAreNotUse() {
        Map<String, String> used = new PythonPackages(roarDir).used(paths(
                "numpy-2.4.6.dist-info/METADATA", "six-1.17.0.dist-info/RECORD", "distutils-precedence.pth", "README.txt",
                "google/__init__.py"));
        assertThat(used).isEmpty();
        assertThat(new PythonPackages(roarDir).used(List.of(PathBytes.of("/usr/lib/python3.11/os.py")))).isEmpty();
    }

    @Test
    void whatAnInstallWroteNamesTheInstalledDistributions() {
        Map<String, String> installed = new PythonPackages(roarDir).installed(paths(
                "six-1.17.0.dist-info/RECORD", "six-1.17.0.dist-info/METADATA", "six.py", "numpy/core/multiarray.py"));
        assertThat(installed).containsExactly(entry("six", "1.17.0"));
    }

    @Test
    void theCachedIndexIsUsedUntilTheSiteDirectoryChanges() throws Exception {
        assertThat(new PythonPackages(roarDir).used(paths("six.py"))).containsExactly(entry("six", "1.17.0"));
        assertThat(roarDir.resolve("python_sites_cache.json")).exists();

        // Upgrade six in place, as pip does: a new metadata directory, the old one gone; the directory's mtime moves.
        FileTime before = Files.getLastModifiedTime(site);
        Files.walk(site.resolve("six-1.17.0.dist-info")).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        wheel("six", "1.18.0", "six.py");
        Files.setLastModifiedTime(site, FileTime.fromMillis(before.toMillis() + 2000));

        assertThat(new PythonPackages(roarDir).used(paths("six.py"))).containsExactly(entry("six", "1.18.0"));
    }

    @Test
    void recordFieldsFollowCsvQuoting() {
        assertThat(SitePackages.firstCsvField("a/b.py,sha256=x,1")).isEqualTo("a/b.py");
        assertThat(SitePackages.firstCsvField("\"a,b/c\"\"d.py\",sha256=x,1")).isEqualTo("a,b/c\"d.py");
        assertThat(SitePackages.rootOf("/v/lib/python3/dist-packages/yaml/x.py")).contains("/v/lib/python3/dist-packages");
        assertThat(SitePackages.rootOf("/v/lib/python3/other/x.py")).isEmpty();
    }
}
