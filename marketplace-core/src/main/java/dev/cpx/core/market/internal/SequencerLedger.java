package dev.cpx.core.market.internal;

import dev.cpx.core.ledger.AccountBalances;
import dev.cpx.core.ledger.LedgerBatch;
import dev.cpx.core.ledger.LedgerService;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The ledger as a sequencer uses it: postings on the sequencer's own connections, inside its transaction. */
final class SequencerLedger {

    private final LedgerService ledger;
    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    SequencerLedger(LedgerService ledger, JdbcClient jdbc, JdbcTemplate template) {
        this.ledger = ledger;
        this.jdbc = jdbc;
        this.template = template;
    }

    LedgerBatch newBatch() {
        return ledger.newBatch(jdbc, template);
    }

    AccountBalances balances(long organizationId) {
        return ledger.balances(organizationId);
    }
}
