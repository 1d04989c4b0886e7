package dev.roar.cli;

import picocli.CommandLine;
import picocli.CommandLine.Help;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders `roar --help`'s command list in the sections users of the original roar know. Only
 * commands that are registered appear, and a section with none is left out.
 */
final class CommandGroups implements CommandLine.IHelpSectionRenderer {
    static final Map<String, List<String>> SECTIONS = sections();

    private static Map<String, List<String>> sections() {
        Map<String, List<String>> sections = new LinkedHashMap<>();
        sections.put("Start here", List.of("init", "run", "build"));
        sections.put("Sessions", List.of("status", "log", "dag", "pop", "reset", "session"));
        sections.put("Inspect", List.of("show", "diff", "lineage", "inputs"));
        sections.put("Share", List.of("register", "put", "get", "label", "tag", "reproduce"));
        sections.put("Setup", List.of("config", "env", "tracer", "filter", "db", "workflow"));
        return sections;
    }

    @Override
    public String render(Help help) {
        Map<String, Help> commands = help.subcommands();
        int width = commands.keySet().stream().mapToInt(String::length).max().orElse(0) + 2;
        StringBuilder out = new StringBuilder();
        SECTIONS.forEach((section, names) -> {
            List<String> present = names.stream().filter(commands::containsKey).toList();
            if (present.isEmpty()) {
                return;
            }
            out.append('\n').append(section).append(":\n");
            for (String name : present) {
                String[] description = commands.get(name).commandSpec().usageMessage().description();
                out.append("  ").append(String.format("%-" + width + "s", name))
                   .append(description.length > 0 ? description[0] : "").append('\n');
            }
        });
        List<String> ungrouped = commands.keySet().stream()
                .filter(name -> SECTIONS.values().stream().noneMatch(names -> names.contains(name)))
                .toList();
        if (!ungrouped.isEmpty()) {
            throw new IllegalStateException("commands missing from the help sections: " + ungrouped);
        }
        return out.toString();
    }
}
