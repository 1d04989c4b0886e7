package dev.roar.trace.classify;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

class FdTableTest {
    private record Slot(String file, boolean closeOnExec) {
    }

    /**
     * Random opens, dups, closes, close_ranges, execs and forks, checked after every step against a plain map
     * (in which, as in the kernel, a negative fd never names anything).
     */
    @Test
    void behavesLikeAMapOfFdsThroughRandomOperations() {
        long seed = Long.getLong("roar.test.seed", System.nanoTime());
        Random random = new Random(seed);
        try {
            List<FdTable<String>> tables = new ArrayList<>(List.of(new FdTable<>()));
            List<Map<Integer, Slot>> models = new ArrayList<>(List.of(new HashMap<>()));
            for (int step = 0; step < 20_000; step++) {
                int which = random.nextInt(tables.size());
                FdTable<String> table = tables.get(which);
                Map<Integer, Slot> model = models.get(which);
                int fd = fd(random);
                switch (random.nextInt(10)) {
                    case 0, 1, 2 -> {
                        String file = "f" + step;
                        boolean closeOnExec = random.nextBoolean();
                        table.put(fd, file, closeOnExec);
                        if (fd >= 0) {
                            model.put(fd, new Slot(file, closeOnExec));
                        }
                    }
                    case 3, 4 -> {
                        table.remove(fd);
                        model.remove(fd);
                    }
                    case 5 -> {
                        int last = random.nextInt(8) == 0 ? -1 : fd + random.nextInt(64);
                        table.removeRange(fd, last);
                        model.keySet().removeIf(n -> Integer.compareUnsigned(n, fd) >= 0 && Integer.compareUnsigned(n, last) <= 0);
                    }
                    case 6 -> {
                        table.removeCloseOnExec();
                        model.values().removeIf(Slot::closeOnExec);
                    }
                    case 7 -> {
                        if (tables.size() < 8) {
                            tables.add(table.copy());
                            models.add(new HashMap<>(model));
                        }
                    }
                    default -> {
                        int from = fd(random);
                        String file = table.get(from);
                        if (file != null) {
                            boolean closeOnExec = random.nextBoolean();
                            table.put(fd, file, closeOnExec);
                            if (fd >= 0) {
                                model.put(fd, new Slot(file, closeOnExec));
                            }
                        }
                    }
                }
                for (int t = 0; t < tables.size(); t++) {
                    assertSame(tables.get(t), models.get(t));
                }
            }
        } catch (AssertionError e) {
            fail("seed " + seed + " (rerun with -Droar.test.seed=" + seed + ")", e);
        }
    }

    /** Mostly small fds, some near and past the direct arrays' end, a few negative. */
    private static int fd(Random random) {
        return switch (random.nextInt(20)) {
            case 0 -> FdTable.DIRECT - 2 + random.nextInt(4);
            case 1 -> FdTable.DIRECT + random.nextInt(1 << 20);
            case 2 -> -1 - random.nextInt(3);
            default -> random.nextInt(40);
        };
    }

    /** Each fd names what the model says, and an exec (on a copy) keeps exactly the fds not marked close-on-exec. */
    private static void assertSame(FdTable<String> table, Map<Integer, Slot> model) {
        FdTable<String> afterExec = table.copy();
        afterExec.removeCloseOnExec();
        for (int fd : probes(model)) {
            Slot slot = model.get(fd);
            assertThat(table.get(fd)).as("fd %d", fd).isEqualTo(slot == null ? null : slot.file());
            assertThat(afterExec.get(fd)).as("fd %d after exec", fd).isEqualTo(slot == null || slot.closeOnExec() ? null : slot.file());
        }
    }

    private static List<Integer> probes(Map<Integer, Slot> model) {
        List<Integer> fds = new ArrayList<>(model.keySet());
        for (int fd = -2; fd < 48; fd++) {
            fds.add(fd);
        }
        fds.addAll(List.of(FdTable.DIRECT - 1, FdTable.DIRECT, FdTable.DIRECT + 1, Integer.MAX_VALUE));
        return fds;
    }

    @Test
    void aCopyIsIndependentOfItsSource() {
        FdTable<String> parent = new FdTable<>();
        parent.put(3, "a", false);
        parent.put(FdTable.DIRECT + 7, "b", true);
        FdTable<String> child = parent.copy();
        child.remove(3);
        child.put(FdTable.DIRECT + 7, "c", false);
        parent.put(4, "d", false);
        assertThat(parent.get(3)).isEqualTo("a");
        assertThat(parent.get(FdTable.DIRECT + 7)).isEqualTo("b");
        assertThat(child.get(3)).isNull();
        assertThat(child.get(4)).isNull();
        assertThat(child.get(FdTable.DIRECT + 7)).isEqualTo("c");
    }
}
