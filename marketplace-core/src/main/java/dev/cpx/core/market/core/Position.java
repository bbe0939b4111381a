package dev.cpx.core.market.core;

/** One organization on one instrument: GPUs bought and sold there, GPUs its asks offer, and its resting orders. */
final class Position {

    record Key(long organizationId, long instrumentId) {
    }

    long bought;
    long sold;
    long offered;
    int openOrders;
}
