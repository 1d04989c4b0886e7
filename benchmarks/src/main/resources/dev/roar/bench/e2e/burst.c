/*
 * The burst workload: burst PROCESSES TOTAL_EVENTS. Forks PROCESSES children that together make
 * TOTAL_EVENTS traced file events as fast as the kernel allows: dup() then close() of stdin, two
 * events per iteration (a DUP record and a CLOSE record), no file I/O, so the tracer's consumer is
 * what is being measured.
 */
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
    int processes = argc > 1 ? atoi(argv[1]) : 4;
    long events = argc > 2 ? atol(argv[2]) : 1000000;
    long iterations = events / 2 / processes;
    for (int p = 0; p < processes; p++) {
        if (fork() == 0) {
            for (long i = 0; i < iterations; i++) {
                int fd = dup(0);
                if (fd >= 0) close(fd);
            }
            _exit(0);
        }
    }
    while (wait(NULL) > 0) {
    }
    return 0;
}
