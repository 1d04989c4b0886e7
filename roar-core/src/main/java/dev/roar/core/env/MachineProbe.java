package dev.roar.core.env;

import dev.roar.core.json.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the machine a job ran on is: host, OS and distro, architecture, CPU, memory, container or VM,
 * GPUs and the NVIDIA driver. Read from /proc, /etc/os-release and /sys where it can be; the few programs
 * it may run (systemd-detect-virt, nvidia-smi) are optional, and absent is not an error.
 */
final class MachineProbe {
    private final Map<String, String> environment;

    MachineProbe(Map<String, String> environment) {
        this.environment = environment;
    }

    /** Cheap facts that change when the machine does: the key of the cached full description. */
    String fingerprint() {
        return String.join("|", hostname(), read("/proc/sys/kernel/osrelease"), cpuModel(), Integer.toString(cpuCount()),
                Long.toString(memoryTotalKib()), Files.exists(Path.of("/dev/nvidiactl")) ? "nvidia" : "");
    }

    Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("hostname", hostname());
        Map<String, Object> os = new LinkedHashMap<>();
        os.put("system", read("/proc/sys/kernel/ostype"));
        os.put("release", read("/proc/sys/kernel/osrelease"));
        os.put("version", read("/proc/sys/kernel/version"));
        os.put("distro", distro());
        out.put("os", os);
        out.put("arch", System.getProperty("os.arch").equals("amd64") ? "x86_64" : System.getProperty("os.arch"));
        out.put("cpu", Json.object("model", cpuModel(), "count", cpuCount()));
        out.put("memory", Json.object("total_mb", memoryTotalKib() / 1024));
        out.put("container", container().orElse(null));
        out.put("vm", vm().orElse(null));
        List<Map<String, Object>> gpus = new ArrayList<>();
        Map<String, Object> cuda = new LinkedHashMap<>();
        nvidia(gpus, cuda);
        out.put("gpus", gpus);
        out.put("cuda", cuda.isEmpty() ? null : cuda);
        return out;
    }

    private String hostname() {
        String name = read("/proc/sys/kernel/hostname");
        return name.isEmpty() ? environment.getOrDefault("HOSTNAME", "") : name;
    }

    private static Map<String, Object> distro() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String line : lines("/etc/os-release")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                String key = line.substring(0, eq);
                if (key.equals("ID") || key.equals("VERSION_ID") || key.equals("PRETTY_NAME") || key.equals("VERSION_CODENAME")) {
                    out.put(key.toLowerCase(Locale.ROOT), unquote(line.substring(eq + 1)));
                }
            }
        }
        return out;
    }

    private static String cpuModel() {
        for (String line : lines("/proc/cpuinfo")) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).strip();
            }
        }
        return "";
    }

    private static int cpuCount() {
        return Runtime.getRuntime().availableProcessors();
    }

    private static long memoryTotalKib() {
        for (String line : lines("/proc/meminfo")) {
            if (line.startsWith("MemTotal:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }

    private Optional<Map<String, Object>> container() {
        String type = null;
        String cgroup = String.join("\n", lines("/proc/1/cgroup"));
        if (environment.containsKey("KUBERNETES_SERVICE_HOST") || cgroup.contains("kubepods")) {
            type = "k8s";
        } else if (Files.exists(Path.of("/run/.containerenv"))) {
            type = "podman";
        } else if (Files.exists(Path.of("/.dockerenv")) || cgroup.contains("docker")) {
            type = "docker";
        }
        return type == null ? Optional.empty() : Optional.of(Json.object("type", type));
    }

    private static Optional<Map<String, Object>> vm() {
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> detected = ProgramOutput.lines(List.of("systemd-detect-virt", "--vm"), 20);
        if (!detected.isEmpty() && !detected.getFirst().equals("none")) {
            out.put("type", detected.getFirst());
        }
        String vendor = (read("/sys/class/dmi/id/sys_vendor") + " " + read("/sys/class/dmi/id/product_name")).toLowerCase(Locale.ROOT);
        if (vendor.contains("amazon")) {
            out.put("cloud", "aws");
        } else if (vendor.contains("google")) {
            out.put("cloud", "gcp");
        } else if (vendor.contains("microsoft")) {
            out.put("cloud", "azure");
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(out);
    }

    private static void nvidia(List<Map<String, Object>> gpus, Map<String, Object> cuda) {
        for (String line : ProgramOutput.lines(List.of("nvidia-smi", "--query-gpu=name,memory.total,compute_cap,driver_version",
                "--format=csv,noheader,nounits"), 20)) {
            String[] f = line.split(",\\s*");
            if (f.length >= 4) {
                Map<String, Object> gpu = new LinkedHashMap<>();
                gpu.put("name", f[0].strip());
                gpu.put("memory_mb", f[1].strip());
                gpu.put("compute_capability", f[2].strip());
                gpus.add(gpu);
                cuda.put("driver", f[3].strip());
            }
        }
    }


    private static String unquote(String value) {
        return value.length() >= 2 && (value.startsWith("\"") || value.startsWith("'")) ? value.substring(1, value.length() - 1) : value;
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static List<String> lines(String file) {
        try {
            return Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
