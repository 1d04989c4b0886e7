package dev.roar.trace.launch;

import dev.roar.ffi.Resource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OpenFilesLimitTest {
    @Test
    void parsesWhatTheLauncherReadsFromProcLimits() {
        assertThat(OpenFilesLimit.parse("1024:524288")).contains(new OpenFilesLimit(1024, 524288));
        assertThat(OpenFilesLimit.parse("unlimited:unlimited"))
                .contains(new OpenFilesLimit(Resource.RLIM_INFINITY, Resource.RLIM_INFINITY));
        assertThat(OpenFilesLimit.parse("")).isEmpty();
        assertThat(OpenFilesLimit.parse("1024")).isEmpty();
        assertThat(OpenFilesLimit.parse("soft:hard")).isEmpty();
    }
}
