package dev.roar.cli.run;

import dev.roar.core.run.RunService;
import sun.misc.Signal;
import sun.misc.SignalHandler;

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
    private final SignalHandler previousInt;
    private final SignalHandler previousTerm;

    private Interrupts(RunService service) {
        previousInt = Signal.handle(new Signal("INT"), signal -> {
            if (interrupts.incrementAndGet() >= 2) {
                System.err.println("\nroar: interrupted twice: stopping the command");
                service.signalCommand(SIGKILL);
            }
        });
        previousTerm = Signal.handle(new Signal("TERM"), signal -> service.signalCommand(SIGTERM));
    }

    static Interrupts install(RunService service) {
        return new Interrupts(service);
    }

    boolean aborted() {
        return interrupts.get() >= 2;
    }

    void uninstall() {
        Signal.handle(new Signal("INT"), previousInt);
        Signal.handle(new Signal("TERM"), previousTerm);
    }
}
