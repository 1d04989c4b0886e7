package dev.roar.core.filter;

/** Why a traced path is not part of a job's lineage; `roar run -vv` lists what each dropped. */
public enum FilterCategory {
    ROAR_INTERNAL("roar's own files"),
    GIT_METADATA("git metadata"),
    CREDENTIAL_FILES("credential files"),
    SYSTEM("system files"),
    PACKAGES("installed packages and interpreters"),
    TORCH_CACHE("torch/triton compile caches"),
    LIBRARY_CACHES("tool caches"),
    TMP_SCRATCH("job-private /tmp scratch"),
    REPO_CODE("code identified by the git commit"),
    IGNORE_PATHS("filters.ignore_paths"),
    WRITE_NOISE("writes to devices, caches and bytecode");

    private final String description;

    FilterCategory(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
