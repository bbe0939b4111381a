package dev.cpx.core.market.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.core.engine.Side;
import dev.cpx.core.market.internal.CommandCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A block's cost cap travels in the journal and to the owner; a block journaled before the cap reads as uncapped. */
class BlockCommandCodecTests {

    private static final CoreInstrument HOUR = new CoreInstrument(7, "L20-48G.CN-SOUTH.2030-01-01T00", "L20-48G",
            "CN-SOUTH", 1_893_456_000_000L, 1_893_459_600_000L, 1_893_452_400_000L);
    private final CommandCodec codec = new CommandCodec();

    @Test
    void aCappedBlockComesBackWithItsCap() {
        var block = new CoreCommand.PlaceBlock(3, "q-1", "f", List.of(HOUR), Side.BUY, 2, 101, "p", 20_000L);

        assertThat(codec.command(codec.kind(block), codec.body(block))).isEqualTo(block);
    }

    @Test
    void aBlockJournaledBeforeTheCapHasNone() {
        var uncapped = new CoreCommand.PlaceBlock(3, "q-1", "f", List.of(HOUR), Side.BUY, 2, 101, null);
        String before = codec.body(uncapped).replace(",\"maxValueMinor\":null", "");

        assertThat(before).doesNotContain("maxValueMinor");
        assertThat(codec.command("PlaceBlock", before)).isEqualTo(uncapped);
    }
}
