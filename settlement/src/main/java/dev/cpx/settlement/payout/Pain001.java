package dev.cpx.settlement.payout;

import com.prowidesoftware.swift.model.mx.MxPain00100109;
import com.prowidesoftware.swift.model.mx.dic.AccountIdentification4Choice;
import com.prowidesoftware.swift.model.mx.dic.ActiveOrHistoricCurrencyAndAmount;
import com.prowidesoftware.swift.model.mx.dic.AmountType4Choice;
import com.prowidesoftware.swift.model.mx.dic.BranchAndFinancialInstitutionIdentification6;
import com.prowidesoftware.swift.model.mx.dic.CashAccount38;
import com.prowidesoftware.swift.model.mx.dic.ChargeBearerType1Code;
import com.prowidesoftware.swift.model.mx.dic.CreditTransferTransaction34;
import com.prowidesoftware.swift.model.mx.dic.CustomerCreditTransferInitiationV09;
import com.prowidesoftware.swift.model.mx.dic.DateAndDateTime2Choice;
import com.prowidesoftware.swift.model.mx.dic.FinancialInstitutionIdentification18;
import com.prowidesoftware.swift.model.mx.dic.GroupHeader85;
import com.prowidesoftware.swift.model.mx.dic.PartyIdentification135;
import com.prowidesoftware.swift.model.mx.dic.PaymentIdentification6;
import com.prowidesoftware.swift.model.mx.dic.PaymentInstruction30;
import com.prowidesoftware.swift.model.mx.dic.PaymentMethod3Code;
import com.prowidesoftware.swift.model.mx.dic.RemittanceInformation16;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * An ISO 20022 customer credit transfer initiation (pain.001.001.09) for bank-file payouts, built with the
 * prowide ISO 20022 message model: one payment instruction from the platform's account, one transaction per
 * payout (end-to-end id {@code CPX-PAYOUT-<id>}). The same payouts and creation time give the same bytes.
 */
public final class Pain001 {

    private Pain001() {
    }

    /** The platform's account the payouts are paid from. */
    public record Debtor(String name, String iban, String bic) {
    }

    /** One credit transfer: amount in minor units of {@code currency}. */
    public record Credit(long payoutId, long amountMinor, String currency, String holder, String iban, String bic,
                         String remittance) {
    }

    public static String write(String messageId, Instant createdAt, Debtor debtor, List<Credit> credits) {
        if (credits.isEmpty()) {
            throw new IllegalArgumentException("a bank file holds at least one payout");
        }
        BigDecimal total = credits.stream().map(c -> BigDecimal.valueOf(c.amountMinor(), 2))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        var header = new GroupHeader85().setMsgId(messageId)
                .setCreDtTm(createdAt.atOffset(ZoneOffset.UTC).withNano(0))
                .setNbOfTxs(Integer.toString(credits.size())).setCtrlSum(total)
                .setInitgPty(new PartyIdentification135().setNm(debtor.name()));
        var instruction = new PaymentInstruction30().setPmtInfId(messageId + "-1").setPmtMtd(PaymentMethod3Code.TRF)
                .setNbOfTxs(Integer.toString(credits.size())).setCtrlSum(total)
                .setReqdExctnDt(new DateAndDateTime2Choice().setDt(LocalDate.ofInstant(createdAt, ZoneOffset.UTC)))
                .setDbtr(new PartyIdentification135().setNm(debtor.name()))
                .setDbtrAcct(account(debtor.iban())).setDbtrAgt(agent(debtor.bic()))
                .setChrgBr(ChargeBearerType1Code.SLEV);
        for (Credit credit : credits) {
            instruction.addCdtTrfTxInf(new CreditTransferTransaction34()
                    .setPmtId(new PaymentIdentification6().setInstrId("CPX-PAYOUT-" + credit.payoutId())
                            .setEndToEndId("CPX-PAYOUT-" + credit.payoutId()))
                    .setAmt(new AmountType4Choice().setInstdAmt(new ActiveOrHistoricCurrencyAndAmount()
                            .setValue(BigDecimal.valueOf(credit.amountMinor(), 2)).setCcy(credit.currency())))
                    .setCdtrAgt(agent(credit.bic()))
                    .setCdtr(new PartyIdentification135().setNm(credit.holder()))
                    .setCdtrAcct(account(credit.iban()))
                    .setRmtInf(new RemittanceInformation16().addUstrd(credit.remittance())));
        }
        var mx = new MxPain00100109().setCstmrCdtTrfInitn(new CustomerCreditTransferInitiationV09()
                .setGrpHdr(header).addPmtInf(instruction));
        return mx.message();
    }

    private static CashAccount38 account(String iban) {
        return new CashAccount38().setId(new AccountIdentification4Choice().setIBAN(iban));
    }

    private static BranchAndFinancialInstitutionIdentification6 agent(String bic) {
        return new BranchAndFinancialInstitutionIdentification6().setFinInstnId(
                new FinancialInstitutionIdentification18().setBICFI(bic));
    }
}
