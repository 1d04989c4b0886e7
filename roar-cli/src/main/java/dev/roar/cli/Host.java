package dev.roar.cli;

import dev.roar.trace.launch.CommandStarter;

/**
 * What one invocation's process-level facts are: whether the user sits at a terminal, who starts a traced
 * command, where Ctrl-C and SIGTERM arrive. {@link LocalHost}: this JVM is roar. The daemon serves a roar
 * client instead (see dev.roar.cli.daemon), whose terminal and signals they are.
 */
public interface Host {
    /** The roar process the user started: this JVM, or the client. */
    long pid();

    /** Whether stdin and stdout are a terminal (colors, questions). */
    boolean terminal();

    CommandStarter starter();

    /** Calls {@code onInterrupt} for each SIGINT and {@code onTerminate} for SIGTERM until the watch is closed. */
    SignalWatch watchSignals(Runnable onInterrupt, Runnable onTerminate);

    interface SignalWatch extends AutoCloseable {
        @Override
        void close();
    }
}
