package dev.roar.trace;

import java.util.List;

/** A process of the job that exec'd a program: its pid, its parent's, and the argv it ran with. */
public record TracedProcess(int pid, int parentPid, List<String> argv) {
    public TracedProcess {
        argv = List.copyOf(argv);
    }
}
