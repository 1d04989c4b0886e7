package dev.roar.cli.daemon;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldsTest {
    @Test
    void fieldsComeBackAsWrittenWhateverTheyHold() throws IOException {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<String> fields = new ArrayList<>(List.of("", "run", "a b", "é ü 漢字", "line\nbreak", "--x=1"));
        for (int i = 0; i < 200; i++) {
            StringBuilder field = new StringBuilder();
            for (int j = random.nextInt(40); j > 0; j--) {
                field.appendCodePoint(1 + random.nextInt(0x2FFF)); // anything but NUL
            }
            fields.add(field.toString());
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Fields.write(bytes, fields);
        ByteArrayInputStream in = new ByteArrayInputStream(bytes.toByteArray());
        for (String field : fields) {
            assertThat(Fields.read(in)).as("seed " + seed).isEqualTo(field);
        }
        assertThat(in.available()).isZero();
    }

    @Test
    void aFieldCutShortIsAnErrorNotAField() {
        ByteArrayInputStream in = new ByteArrayInputStream("status\u00000".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> {
            Fields.read(in);
            Fields.read(in);
        }).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> Fields.readInt(new ByteArrayInputStream("x\0".getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("expected a number");
    }

    @Test
    void environUsesTheFirstOfTwoEntriesForOneNameAsGetenvDoes() {
        byte[] environ = "PATH=/bin\0EMPTY=\0A=b=c\0junk\0PATH=/other\0".getBytes(StandardCharsets.UTF_8);
        assertThat(RequestHandler.environment(environ)).isEqualTo(Map.of("PATH", "/bin", "EMPTY", "", "A", "b=c"));
    }
}
