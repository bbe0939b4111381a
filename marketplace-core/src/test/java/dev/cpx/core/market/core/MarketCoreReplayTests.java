package dev.cpx.core.market.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.core.engine.OrderType;
import dev.cpx.core.engine.Side;
import dev.cpx.core.engine.TimeInForce;
import dev.cpx.core.market.internal.CommandCodec;
import dev.cpx.core.market.core.CoreCommand.Credit;
import dev.cpx.core.market.core.JournalBatch.ExecutedCommand;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The journal is enough to rebuild the core: a seeded stream ({@link MarketStream}) runs through a core in batches
 * of random size; a fresh core built from the same loads then executes the journaled commands at their journaled
 * times and must give every command the same answer, write the same batches and end with the same
 * {@link MarketCore#stateHash()}. A failure names its seed and command.
 */
class MarketCoreReplayTests {

    private static final int SEQUENCES = 100;
    private static final CommandCodec CODEC = new CommandCodec();
    private static final int COMMANDS_PER_SEQUENCE = 300;

    static LongStream seeds() {
        return LongStream.rangeClosed(1, SEQUENCES);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void replayingTheJournaledCommandsGivesTheSameAnswersAndState(long seed) {
        Recorded recorded = record(seed);
        MarketCore replay = recorded.stream.newCore();
        int index = 0;
        for (JournalBatch batch : recorded.journal) {
            for (ExecutedCommand executed : batch.commands()) {
                String where = "seed " + seed + ", command " + index + " (" + executed.command() + ")";
                assertThat(replay.nextSequence()).as("sequence, %s", where).isEqualTo(executed.sequence());
                // As the journal stores it and an instance forwards it: JSON named by the record's kind.
                CoreCommand stored = CODEC.command(CODEC.kind(executed.command()), CODEC.body(executed.command()));
                assertThat(stored).as("command read back, %s", where).isEqualTo(executed.command());
                CoreResult result = replay.execute(stored, executed.atMillis());
                assertThat(CODEC.result(CODEC.kind(result), CODEC.body(result))).as("answer read back, %s", where)
                        .isEqualTo(result);
                assertThat(result).as("answer, %s", where).isEqualTo(recorded.results.get(index));
                assertThat(result.outcome()).as("outcome, %s", where).isEqualTo(executed.outcome());
                replay.validateInternalState();
                index++;
            }
            assertSameBatch(replay.takeBatch(), batch, "seed " + seed + ", batch ending at command " + index);
        }
        assertThat(index).isEqualTo(COMMANDS_PER_SEQUENCE);
        assertThat(replay.stateHash()).as("state after replay, seed %d", seed).isEqualTo(recorded.core.stateHash());
        assertThat(replay.restingOrderCount()).isEqualTo(recorded.core.restingOrderCount());
    }

    @Test
    void differentStreamsEndWithDifferentHashes() {
        Map<Long, Long> seedByHash = new HashMap<>();
        for (long seed = 1; seed <= 50; seed++) {
            Long before = seedByHash.put(record(seed).core.stateHash(), seed);
            assertThat(before).as("seeds %s and %d end with the same hash", before, seed).isNull();
        }
    }

    @Test
    void aJournalWithOneCreditChangedEndsWithAnotherHash() {
        Recorded recorded = record(7);
        MarketCore replay = recorded.stream.newCore();
        List<ExecutedCommand> commands = recorded.journal.stream().flatMap(batch -> batch.commands().stream()).toList();
        int lastCredit = 0;
        for (int i = 0; i < commands.size(); i++) {
            lastCredit = commands.get(i).command() instanceof Credit ? i : lastCredit;
        }
        for (int i = 0; i < commands.size(); i++) {
            CoreCommand command = commands.get(i).command();
            if (i == lastCredit && command instanceof Credit credit) {
                command = new Credit(credit.inboxId(), credit.organizationId(), credit.amountMinor() + 1,
                        credit.reference());
            }
            replay.execute(command, commands.get(i).atMillis());
        }
        assertThat(commands.get(lastCredit).command()).isInstanceOf(Credit.class);
        assertThat(replay.stateHash()).isNotEqualTo(recorded.core.stateHash());
    }

    @Test
    void aCreditLimitChangeIsJournaledAndReplaysToTheSameAnswers() {
        var rules = new CoreRules(100, 1_000, 10_000_000, 10, 3, 50, 100_000, 5, 5);
        long start = Instant.parse("2026-12-01T08:00:00Z").toEpochMilli();
        var instrument = new CoreInstrument(1, "H100.CN-EAST.2026-12-01T10", "H100", "CN-EAST", start + 7_200_000,
                start + 10_800_000, start + 3_600_000);
        List<CoreCommand> commands = List.of(
                MarketStream.place(1, "before", instrument, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 200L, 10),
                new CoreCommand.SetCreditLimit(1, 1, 5_000),
                MarketStream.place(1, "after", instrument, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 200L, 10));
        MarketCore live = new MarketCore(rules, 1);
        live.loadAccount(1, 1_000, 0, 0);
        var answers = new ArrayList<CoreResult>();
        for (int i = 0; i < commands.size(); i++) {
            answers.add(live.execute(commands.get(i), start + i * 1_000L));
        }
        JournalBatch journal = live.takeBatch();
        assertThat(answers.get(0).outcome()).contains("insufficient-funds");
        assertThat(answers.get(2)).isInstanceOf(CoreResult.OrderAnswer.class);
        assertThat(journal.commands()).extracting(c -> c.command().getClass().getSimpleName())
                .containsExactly("Place", "SetCreditLimit", "Place");
        assertThat(journal.inbox()).extracting(JournalBatch.AppliedInbox::inboxId).containsExactly(1L);

        MarketCore replay = new MarketCore(rules, 1);
        replay.loadAccount(1, 1_000, 0, 0);
        for (ExecutedCommand executed : journal.commands()) {
            CoreCommand stored = CODEC.command(CODEC.kind(executed.command()), CODEC.body(executed.command()));
            assertThat(replay.execute(stored, executed.atMillis()).outcome()).isEqualTo(executed.outcome());
        }
        assertThat(replay.stateHash()).isEqualTo(live.stateHash());
        MarketCore unchanged = new MarketCore(rules, 1);
        unchanged.loadAccount(1, 1_000, 0, 5_000);
        assertThat(unchanged.execute(commands.getFirst(), start).outcome()).as("the old limit decided the first bid")
                .doesNotContain("insufficient-funds");
    }

    private record Recorded(MarketStream stream, MarketCore core, List<JournalBatch> journal, List<CoreResult> results) {
    }

    /** Runs the seed's stream through a core, taking a batch after a random number of commands. */
    private static Recorded record(long seed) {
        MarketStream stream = new MarketStream(seed);
        MarketCore core = stream.newCore();
        Random batching = new Random(seed);
        List<JournalBatch> journal = new ArrayList<>();
        List<CoreResult> results = new ArrayList<>();
        for (int i = 0; i < COMMANDS_PER_SEQUENCE; i++) {
            MarketStream.Timed timed = stream.next(core);
            results.add(core.execute(timed.command(), timed.atMillis()));
            if (batching.nextInt(5) == 0) {
                journal.add(core.takeBatch());
            }
        }
        journal.add(core.takeBatch());
        return new Recorded(stream, core, journal, results);
    }

    private static void assertSameBatch(JournalBatch replayed, JournalBatch original, String where) {
        assertThat(replayed.commands()).as("commands, %s", where).isEqualTo(original.commands());
        assertThat(replayed.orders()).as("orders, %s", where).isEqualTo(original.orders());
        assertThat(replayed.trades()).as("trades, %s", where).isEqualTo(original.trades());
        assertThat(replayed.contracts()).as("contracts, %s", where).isEqualTo(original.contracts());
        assertThat(replayed.entries()).as("ledger entries, %s", where).isEqualTo(original.entries());
        assertThat(replayed.balanceDeltas()).as("balance deltas, %s", where).isEqualTo(original.balanceDeltas());
        assertThat(replayed.inbox()).as("inbox, %s", where).isEqualTo(original.inbox());
        assertThat(replayed.touchedInstruments()).as("instruments, %s", where).isEqualTo(original.touchedInstruments());
        assertThat(replayed.nextSequence()).as("next sequence, %s", where).isEqualTo(original.nextSequence());
    }
}
