package dev.roar.core.env;

/** An installed Python distribution, as pip names it: {@code name==version}. */
public record PythonDistribution(String name, String version) {
    public String requirement() {
        return name + "==" + version;
    }
}
