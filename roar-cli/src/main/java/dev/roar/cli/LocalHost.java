package dev.roar.cli;

import dev.roar.trace.launch.CommandStarter;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.Console;

/** This JVM is the roar the user started: its console, its posix_spawn, its signals. */
public final class LocalHost implements Host {
    public static final LocalHost INSTANCE = new LocalHost();

    private LocalHost() {
    }

    @Override
    public long pid() {
        return ProcessHandle.current().pid();
    }

    @Override
    public boolean terminal() {
        Console console = System.console();
        return console != null && console.isTerminal();
    }

    @Override
    public CommandStarter starter() {
        return CommandStarter.LOCAL;
    }

    @Override
    public SignalWatch watchSignals(Runnable onInterrupt, Runnable onTerminate) {
        SignalHandler previousInt = Signal.handle(new Signal("INT"), signal -> onInterrupt.run());
        SignalHandler previousTerm = Signal.handle(new Signal("TERM"), signal -> onTerminate.run());
        return () -> {
            Signal.handle(new Signal("INT"), previousInt);
            Signal.handle(new Signal("TERM"), previousTerm);
        };
    }
}
