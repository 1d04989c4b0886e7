package dev.roar.trace.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The file descriptors a traced command starts with: the ones roar itself was started with, as if the
 * user had run the command directly (a make jobserver's pipe, a `3>log` redirection), and none of the
 * ones the JVM opened for itself. Those are not close-on-exec (the JDK's ProcessBuilder closes them
 * in its children instead), so without this every traced command inherited roar.jar's descriptor.
 *
 * <p>bin/roar lists what it was started with in the system property {@value #PROPERTY}; without the
 * property (roar used as a library, tests) only stdin, stdout and stderr are passed on.
 */
record InheritedFds(Set<Integer> fds) {
    static final String PROPERTY = "roar.inheritedFds";
    /** The trampoline's gate; whatever was there is replaced by it. */
    static final int GATE = 3;

    InheritedFds {
        fds = Set.copyOf(new TreeSet<>(fds));
    }

    static InheritedFds fromLauncher() {
        return parse(System.getProperty(PROPERTY, ""));
    }

    static InheritedFds parse(String list) {
        Set<Integer> fds = new TreeSet<>(List.of(0, 1, 2));
        for (String item : list.split(",")) {
            try {
                if (!item.isBlank()) {
                    fds.add(Integer.parseInt(item.strip()));
                }
            } catch (NumberFormatException e) {
                // not a descriptor number: the launcher wrote something else, ignore it
            }
        }
        return new InheritedFds(fds);
    }

    /** Every fd from this one up is closed in the child (one action, no race with threads opening files). */
    int closeFrom() {
        return Math.max(GATE, highest()) + 1;
    }

    /** The fds open in this process now, above the gate and below {@link #closeFrom}, that are not inherited. */
    List<Integer> toCloseBelowCloseFrom() {
        List<Integer> close = new ArrayList<>();
        if (highest() <= GATE) {
            return close; // the common case: closeFrom alone does it, no need to list anything
        }
        try (var entries = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path entry : entries) {
                int fd = Integer.parseInt(entry.getFileName().toString());
                if (fd > GATE && fd < closeFrom() && !fds.contains(fd)) {
                    close.add(fd);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // no procfs: only closeFrom applies
        }
        return close;
    }

    private int highest() {
        return fds.stream().mapToInt(Integer::intValue).max().orElse(2);
    }
}
