package dev.roar.trace.ebpf;

import dev.roar.trace.event.RecordingSink;
import dev.roar.trace.event.TraceEvent;
import dev.roar.trace.event.TraceEvent.*;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The decoder reads roar_events.h's layout: each record kind becomes the events the ptrace backend makes. */
class RecordDecoderTest {
    /** A record's path lengths are u16s. */
    private static final int PATH_MAX_BPF = 65535;
    private final List<TraceEvent> events = new ArrayList<>();
    private final RecordDecoder decoder = new RecordDecoder(new RecordingSink(events::add), "/cache/trampoline".getBytes(StandardCharsets.UTF_8));

    /** A record as the probes write it: 56-byte head, then path1 and path2 bytes. */
    private static MemorySegment record(Arena arena, int kind, int tid, int i0, int i1, int i2, int u0,
                                        long x0, long x1, long x2, byte[] path1, byte[] path2) {
        MemorySegment r = arena.allocate(RecordDecoder.HEAD + path1.length + path2.length);
        r.set(ValueLayout.JAVA_INT, 0, kind);
        r.set(ValueLayout.JAVA_INT, 4, tid);
        r.set(ValueLayout.JAVA_INT, 8, i0);
        r.set(ValueLayout.JAVA_INT, 12, i1);
        r.set(ValueLayout.JAVA_INT, 16, i2);
        r.set(ValueLayout.JAVA_INT, 20, u0);
        r.set(ValueLayout.JAVA_LONG, 24, x0);
        r.set(ValueLayout.JAVA_LONG, 32, x1);
        r.set(ValueLayout.JAVA_LONG, 40, x2);
        r.set(ValueLayout.JAVA_SHORT, 48, (short) path1.length);
        r.set(ValueLayout.JAVA_SHORT, 50, (short) path2.length);
        MemorySegment.copy(path1, 0, r, ValueLayout.JAVA_BYTE, RecordDecoder.HEAD, path1.length);
        MemorySegment.copy(path2, 0, r, ValueLayout.JAVA_BYTE, RecordDecoder.HEAD + path1.length, path2.length);
        return r;
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void openOfARegularFileIsAnOpenAndABaselineAndPathsStayBytes() {
        byte[] name = {'d', '/', (byte) 0xff, '\n', 'x'};
        try (Arena arena = Arena.ofConfined()) {
            decoder.accept(record(arena, 4, 7, 5, -100, 0b11, 0101, 0, 42, 99, name, new byte[0]));
            decoder.accept(record(arena, 4, 7, 6, 3, 0, 0, 0, 0, 0, b("pipe"), new byte[0]));
        }
        assertThat(events).hasSize(3);
        Opened opened = (Opened) events.get(0);
        assertThat(opened.tid()).isEqualTo(7);
        assertThat(opened.fd()).isEqualTo(5);
        assertThat(opened.dirFd()).isEqualTo(-100);
        assertThat(opened.flags()).isEqualTo(0101);
        assertThat(opened.created()).isTrue();
        assertThat(opened.path()).containsExactly(name);
        assertThat(events.get(1)).isEqualTo(new Baseline(7, 5, 42, 99));
        assertThat(((Opened) events.get(2)).created()).isFalse(); // not regular: no baseline follows
    }

    @Test
    void pathsLongerThanTheLentArraysAndShorterOnesAfterThemComeOutWhole() {
        byte[] longest = new byte[PATH_MAX_BPF];
        java.util.Arrays.fill(longest, (byte) 'L');
        byte[] longer = new byte[5000];
        java.util.Arrays.fill(longer, (byte) 'l');
        try (Arena arena = Arena.ofConfined()) {
            decoder.accept(record(arena, 4, 7, 5, -100, 0, 0, 0, 0, 0, longer, new byte[0]));
            decoder.accept(record(arena, 9, 7, -100, -100, 0, 0, 0, 0, 0, b("short"), longest));
            decoder.accept(record(arena, 4, 7, 6, -100, 0, 0, 0, 0, 0, b("s"), new byte[0]));
        }
        assertThat(((Opened) events.get(0)).path()).containsExactly(longer);
        assertThat(((Renamed) events.get(1)).from()).containsExactly(b("short"));
        assertThat(((Renamed) events.get(1)).to()).containsExactly(longest);
        assertThat(((Opened) events.get(2)).path()).containsExactly(b("s"));
    }

    @Test
    void probesClosesDupsAndTransfers() {
        try (Arena arena = Arena.ofConfined()) {
            decoder.accept(record(arena, 5, 7, 5, 0, 0, 0, 10, 20, 30, new byte[0], new byte[0]));
            decoder.accept(record(arena, 6, 7, 5, 0, 0, 0, 0, 0, 0, new byte[0], new byte[0]));
            decoder.accept(record(arena, 7, 7, 3, -1, 0, 0, 0, 0, 0, new byte[0], new byte[0]));
            decoder.accept(record(arena, 8, 7, 4, 9, 0, 1, 0, 0, 0, new byte[0], new byte[0]));
            decoder.accept(record(arena, 14, 7, 4, 0, 0, 0b10, 0, 0, 0, new byte[0], new byte[0]));
            decoder.accept(record(arena, 15, 7, 4, 0, 0, 0, 512, 0, 0, new byte[0], new byte[0]));
            decoder.accept(record(arena, 16, 7, 9, 0, 0, 0, 1, 0, 0, new byte[0], new byte[0]));
        }
        assertThat(events).containsExactly(new Probed(7, 5, 10, 20, 30), new Closed(7, 5), new ClosedRange(7, 3, -1),
                new Duplicated(7, 4, 9, true), new Mapped(7, 4, false, true), new Read(7, 4, 512), new Written(7, 9, 1));
    }

    @Test
    void renameExchangeIsTwoLinksAndTruncateAndChdirHaveTwoForms() {
        try (Arena arena = Arena.ofConfined()) {
            decoder.accept(record(arena, 9, 7, -100, 3, 0, 0, 0, 0, 0, b("a"), b("bb")));
            decoder.accept(record(arena, 9, 7, -100, -100, 0, 2, 0, 0, 0, b("x"), b("y")));
            decoder.accept(record(arena, 12, 7, 0, -100, 0, 0, 0, 0, 0, b("t"), new byte[0]));
            decoder.accept(record(arena, 12, 7, 6, 0, 0, 1, 0, 0, 0, new byte[0], new byte[0]));
            decoder.accept(record(arena, 13, 7, 0, -100, 0, 0, 0, 0, 0, b("sub"), new byte[0]));
            decoder.accept(record(arena, 13, 7, 8, 0, 0, 1, 0, 0, 0, new byte[0], new byte[0]));
        }
        Renamed renamed = (Renamed) events.get(0);
        assertThat(renamed.fromDirFd()).isEqualTo(-100);
        assertThat(renamed.toDirFd()).isEqualTo(3);
        assertThat(new String(renamed.from())).isEqualTo("a");
        assertThat(new String(renamed.to())).isEqualTo("bb");
        assertThat(events.get(1)).isInstanceOf(Linked.class);
        assertThat(events.get(2)).isInstanceOf(Linked.class);
        assertThat(new String(((Truncated) events.get(3)).path())).isEqualTo("t");
        assertThat(((Truncated) events.get(4)).fd()).isEqualTo(6);
        assertThat(new String(((ChangedDirectory) events.get(5)).path())).isEqualTo("sub");
        assertThat(((ChangedDirectory) events.get(6)).fd()).isEqualTo(8);
    }

    @Test
    void forksAndExecsBuildTheProcessListAndTheTrampolinesOwnExecIsNotTheJobs() {
        try (Arena arena = Arena.ofConfined()) {
            decoder.accept(record(arena, 2, 10, 10, 0, 0, 0, 0, 0, 0, b("/cache/trampoline"), b("/cache/trampoline\0sh\0")));
            decoder.accept(record(arena, 2, 10, 10, 0, 0, 0, 0, 0, 0, b("/bin/sh"), b("sh\0-c\0\0echo hi\0")));
            decoder.accept(record(arena, 1, 10, 11, 0, 0, 0b11, 0, 0, 0, new byte[0], new byte[0]));
            decoder.accept(record(arena, 2, 11, 12, 0, 0, 0, 0, 0, 0, b("/bin/echo"), b("echo\0hi\0")));
            decoder.accept(record(arena, 3, 11, 0, 0, 0, 0, 0, 0, 0, new byte[0], new byte[0]));
        }
        assertThat(events).hasSize(5);
        assertThat(new String(((Executed) events.get(0)).path())).isEqualTo("/bin/sh");
        assertThat(events.get(1)).isEqualTo(new Forked(10, 11, true, true));
        assertThat(events.get(2)).isEqualTo(new Exited(12)); // a non-leader thread 12 exec'd: it is 11 now
        assertThat(new String(((Executed) events.get(3)).path())).isEqualTo("/bin/echo");
        assertThat(events.get(4)).isEqualTo(new Exited(11));
        assertThat(decoder.processes()).hasSize(2);
        assertThat(decoder.processes().get(0).argv()).containsExactly("sh", "-c", "", "echo hi");
        assertThat(decoder.processes().get(1).parentPid()).isEqualTo(10);
        assertThat(decoder.records()).isEqualTo(5);
    }
}
