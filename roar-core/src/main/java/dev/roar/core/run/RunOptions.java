package dev.roar.core.run;

import dev.roar.core.hash.HashAlgorithm;
import dev.roar.trace.TraceRequest;
import dev.roar.trace.launch.CommandStarter;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One `roar run`/`roar build`: the command as typed, the backend asked for (empty: config's
 * tracer.default), extra digests, an optional step name, where the command's stdio goes, and who starts
 * it (this JVM, or the roar client the daemon serves).
 */
public record RunOptions(List<String> argv, Optional<String> tracer, Set<HashAlgorithm> extraHashes,
                         Optional<String> name, JobType type, TraceRequest.Stdio stdio, boolean requireCleanTree,
                         CommandStarter starter) {
    public RunOptions {
        argv = List.copyOf(argv);
        extraHashes = Set.copyOf(extraHashes);
    }

    public RunOptions(List<String> argv, Optional<String> tracer, Set<HashAlgorithm> extraHashes, Optional<String> name,
                      JobType type, TraceRequest.Stdio stdio, boolean requireCleanTree) {
        this(argv, tracer, extraHashes, name, type, stdio, requireCleanTree, CommandStarter.LOCAL);
    }

    /** A user's run: the work tree must be clean, so the job's code is exactly a commit. */
    public RunOptions(List<String> argv, Optional<String> tracer, Set<HashAlgorithm> extraHashes, Optional<String> name,
                      JobType type, TraceRequest.Stdio stdio) {
        this(argv, tracer, extraHashes, name, type, stdio, true);
    }
}
