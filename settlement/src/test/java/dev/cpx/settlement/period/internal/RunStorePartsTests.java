package dev.cpx.settlement.period.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How a canonical statement is cut into stored parts: joined again it is the same text, and every part fits. */
class RunStorePartsTests {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void partsJoinToTheTextAndNoPartSplitsASurrogatePair(long seed) {
        var random = new Random(seed);
        var text = new StringBuilder();
        int length = random.nextInt(200);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(3)) {
                case 0 -> text.append((char) ('a' + random.nextInt(26)));
                case 1 -> text.append('算');
                default -> text.appendCodePoint(0x1F600 + random.nextInt(40));
            }
        }
        int max = 2 + random.nextInt(9);

        List<String> parts = RunStore.parts(text.toString(), max);

        assertThat(String.join("", parts)).as("seed %d", seed).isEqualTo(text.toString());
        assertThat(parts).as("seed %d", seed).allSatisfy(part -> {
            assertThat(part.length()).isBetween(1, max);
            assertThat(Character.isHighSurrogate(part.charAt(part.length() - 1))).isFalse();
            assertThat(Character.isLowSurrogate(part.charAt(0))).isFalse();
        });
    }

    @Test
    void anEmptyStatementIsOneEmptyPart() {
        assertThat(RunStore.parts("", 10)).containsExactly("");
    }

    @Test
    void aTextOfExactlyOnePartStaysWhole() {
        assertThat(RunStore.parts("abcdef", 6)).containsExactly("abcdef");
        assertThat(RunStore.parts("abcdefg", 6)).containsExactly("abcdef", "g");
    }
}
