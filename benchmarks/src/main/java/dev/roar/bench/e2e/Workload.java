package dev.roar.bench.e2e;

import java.util.List;

/** A command the harness times in every mode, run from the scratch repository. */
record Workload(String name, List<String> argv) {
    static List<Workload> all() {
        return List.of(
                // Nothing to trace: roar's fixed cost inside the traced phase (spawn, attach, first FFM calls).
                new Workload("true", List.of("true")),
                new Workload("small-files", List.of("python3", "-c", """
                        import os
                        os.makedirs('work/s', exist_ok=True)
                        for i in range(3000):
                            with open(f'work/s/{i}', 'w') as f: f.write('x' * 100)
                        for i in range(3000):
                            with open(f'work/s/{i}') as f: f.read()
                        """)),
                new Workload("imports", List.of("python3", "-c",
                        "import json, csv, decimal, fractions, statistics, sqlite3, email.parser, http.client, xml.dom.minidom, argparse")),
                new Workload("gcc-5-files", List.of("sh", "-c",
                        "mkdir -p work && for i in 1 2 3 4 5; do gcc -O1 -c src/f$i.c -o work/f$i.o || exit 1; done")),
                new Workload("dd-200k-syscalls", List.of("dd", "if=/dev/zero", "of=/dev/null", "bs=1", "count=200000", "status=none")),
                new Workload("256MiB-write-read", List.of("sh", "-c",
                        "mkdir -p work && head -c 268435456 /dev/zero > work/big.bin && cat work/big.bin > /dev/null")));
    }
}
