package dev.roar.cli.run;

import dev.roar.cli.Host;
import dev.roar.core.run.RunService;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Signals while a command runs. Ctrl-C goes to the whole foreground process group, so the command
 * already has it: roar only counts, and on the second stops the command (SIGKILL) and, after
 * recording what it can, exits 130. SIGTERM sent to roar is passed on to the command.
 */
final class Interrupts {
    private static final int SIGKILL = 9;
    private static final int SIGTERM = 15;

    private final AtomicInteger interrupts = new AtomicInteger();
    private final Host.SignalWatch watch;

    private Interrupts(Host host, RunService service, PrintWriter err) {
        watch = host.watchSignals(() -> {
            if (interrupts.incrementAndGet() >= 2) {
                synchronized (err) {
                    err.println();
                    err.println("roar: interrupted twice: stopping the command");
                    err.flush();
                }
                service.signalCommand(SIGKILL);
            }
        }, () -> service.signalCommand(SIGTERM));
    }

    static Interrupts install(Host host, RunService service, PrintWriter err) {
        return new Interrupts(host, service, err);
    }

    boolean aborted() {
        return interrupts.get() >= 2;
    }

    void uninstall() {
        watch.close();
    }
}
