package dev.cpx.settlement.payout.internal;

import dev.cpx.settlement.payout.PayoutRail;
import dev.cpx.settlement.payout.PayoutRailKind;
import org.springframework.stereotype.Component;

/** Bank transfers: nothing is called per payout; platform finance exports the period's pain.001 file. */
@Component
class BankFileRail implements PayoutRail {

    @Override
    public PayoutRailKind kind() {
        return PayoutRailKind.BANK_FILE;
    }

    @Override
    public Outcome send(Transfer transfer) {
        return new Batched();
    }
}
