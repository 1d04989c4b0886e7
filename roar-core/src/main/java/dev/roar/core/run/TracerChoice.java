package dev.roar.core.run;

import dev.roar.core.RoarException;
import dev.roar.trace.EbpfTracer;
import dev.roar.trace.PtraceTracer;
import dev.roar.trace.TraceException;
import dev.roar.trace.Tracer;

import java.util.List;
import java.util.Optional;

/**
 * Which backend traces a run: {@code --tracer}, else {@code tracer.default}. auto means eBPF, then
 * ptrace; falling back (with one warning naming why) only when eBPF cannot start here and
 * {@code tracer.fallback_enabled} allows it (also when {@code tracer.default} is ebpf). A backend asked
 * for with {@code --tracer} never falls back.
 */
public final class TracerChoice {
    public static final List<String> NAMES = List.of("auto", "ebpf", "ptrace");

    private final String asked;
    private final boolean explicit;
    private final boolean fallbackEnabled;
    private Tracer chosen;
    private Thread preparing;
    private volatile TraceException prepareFailure;

    public TracerChoice(Optional<String> flag, String configured, boolean fallbackEnabled) {
        this.asked = flag.orElse(configured);
        this.explicit = flag.isPresent();
        this.fallbackEnabled = fallbackEnabled;
        if (!NAMES.contains(asked)) {
            throw new RoarException("Unknown tracer '" + asked + "'.", "Choose one of: " + String.join(", ", NAMES) + ".");
        }
    }

    /**
     * Picks the backend from what is cheap to know, and starts preparing it (loading probes, linking
     * native calls) on a thread so it overlaps the caller's own work until {@link #ready}.
     */
    public void start(List<String> warnings) {
        if (asked.equals("ptrace")) {
            chosen = usable(new PtraceTracer());
        } else {
            EbpfTracer ebpf = new EbpfTracer();
            Tracer.Availability availability = ebpf.availability();
            if (availability.available()) {
                chosen = ebpf;
            } else if (explicit || !fallbackEnabled) {
                throw unavailable(ebpf, availability);
            } else {
                warnings.add("eBPF tracer unavailable (" + availability.reason() + "); using ptrace");
                chosen = usable(new PtraceTracer());
            }
        }
        Tracer tracer = chosen;
        preparing = Thread.ofPlatform().name("roar-tracer-prepare").daemon().start(() -> {
            try {
                tracer.prepare();
            } catch (TraceException e) {
                prepareFailure = e;
            } catch (RuntimeException e) {
                prepareFailure = new TraceException(e.toString(), e);
            }
        });
    }

    /** Waits for the preparation; on an auto choice whose eBPF probes would not load, falls back to ptrace. */
    public Tracer ready(List<String> warnings) throws InterruptedException {
        preparing.join();
        TraceException failure = prepareFailure;
        if (failure == null) {
            return chosen;
        }
        if (chosen instanceof EbpfTracer && !explicit && fallbackEnabled) {
            warnings.add("eBPF tracer could not start (" + failure.getMessage() + "); using ptrace");
            chosen = usable(new PtraceTracer());
            return chosen;
        }
        throw new RoarException("The " + chosen.name() + " tracer could not start: " + failure.getMessage() + ".",
                "Run 'roar tracer check " + chosen.name() + "' for details.");
    }

    /** Lets go of what preparing set up and no trace took (see {@link Tracer#release}); after a trace, nothing is left. */
    public void release() {
        if (preparing != null) {
            boolean interrupted = false;
            while (preparing.isAlive()) {
                try {
                    preparing.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (chosen != null) {
            chosen.release();
        }
    }

    private static Tracer usable(Tracer tracer) {
        Tracer.Availability availability = tracer.availability();
        if (!availability.available()) {
            throw unavailable(tracer, availability);
        }
        return tracer;
    }

    private static RoarException unavailable(Tracer tracer, Tracer.Availability availability) {
        return new RoarException("The " + tracer.name() + " tracer cannot run here: " + availability.reason() + ".",
                "Run 'roar tracer check " + tracer.name() + "' for details, or choose another with --tracer.");
    }
}
