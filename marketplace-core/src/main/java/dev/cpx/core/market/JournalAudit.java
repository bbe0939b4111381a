package dev.cpx.core.market;

/**
 * The market's journal checked against its tables: every journaled command replayed, in sequence, through a
 * fresh core, compared with a core loaded from the database as a rebuild loads it.
 *
 * @param commands journaled commands replayed
 * @param gaps sequence numbers missing between them (0 when the journal is whole)
 * @param outcomeMismatches replayed commands whose answer differs from the journaled one
 * @param replayedHash the state hash after the replay
 * @param databaseHash the state hash of the core loaded from the tables
 * @param differingParts the parts of the state (books, accounts, ...) whose hashes differ, none when they agree
 */
public record JournalAudit(long commands, long gaps, long outcomeMismatches, long replayedHash, long databaseHash,
                           java.util.List<String> differingParts) {

    public boolean consistent() {
        return gaps == 0 && outcomeMismatches == 0 && replayedHash == databaseHash;
    }
}
