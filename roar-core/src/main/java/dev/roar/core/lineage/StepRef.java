package dev.roar.core.lineage;

import dev.roar.core.run.JobType;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A step of a session as users write it: {@code @N} for run step N, {@code @BN} for build step N. */
public record StepRef(JobType type, int number) implements Comparable<StepRef> {
    private static final Pattern SYNTAX = Pattern.compile("@(B?)(\\d{1,9})", Pattern.CASE_INSENSITIVE);

    public static Optional<StepRef> parse(String text) {
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new StepRef(m.group(1).isEmpty() ? JobType.RUN : JobType.BUILD, Integer.parseInt(m.group(2))));
    }

    public static boolean looksLikeStep(String text) {
        return text.startsWith("@");
    }

    /** Run steps before build steps, each by number: the order lists and the DAG show them in. */
    @Override
    public int compareTo(StepRef o) {
        if (type != o.type) {
            return type == JobType.RUN ? -1 : 1;
        }
        return Integer.compare(number, o.number);
    }

    @Override
    public String toString() {
        return (type == JobType.BUILD ? "@B" : "@") + number;
    }
}
