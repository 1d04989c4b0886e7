package dev.roar.core.run;

/** What kind of step a job is: a pipeline run (@N) or an environment build (@BN). */
public enum JobType {
    RUN("run"), BUILD("build");

    private final String id;

    JobType(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
