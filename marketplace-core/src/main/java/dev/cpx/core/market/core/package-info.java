/**
 * The market core: the single-threaded, pure owner of books, live orders, balances, capacity and client order
 * ids; commands in, answers and a journal batch out.
 */
package dev.cpx.core.market.core;
