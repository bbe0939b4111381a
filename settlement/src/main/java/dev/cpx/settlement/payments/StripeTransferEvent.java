package dev.cpx.settlement.payments;

/**
 * A verified Stripe Connect transfer event ({@code transfer.created}, {@code transfer.reversed}) naming the payout it
 * belongs to (the {@code cpx_payout_id} of its metadata). Published inside the transaction that records the event id,
 * so whoever acts on it acts once.
 */
public record StripeTransferEvent(String type, String transferId, long payoutId, long amountMinor) {
}
