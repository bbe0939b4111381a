package dev.cpx.settlement.statement.report;

import dev.cpx.core.money.Money;

/** One value of a report row; the formats choose how to store it, the text is the same everywhere. */
sealed interface Cell {

    /** The value as every format writes it in text: amounts with exactly two decimals, counts as integers. */
    String text();

    /** Free text such as an instrument or a counterparty; never null. */
    record Text(String value) implements Cell {
        public Text {
            value = value == null ? "" : value;
        }

        @Override
        public String text() {
            return value;
        }
    }

    /** An identifier shown as an integer without grouping. */
    record Id(long value) implements Cell {
        @Override
        public String text() {
            return Long.toString(value);
        }
    }

    /** A whole count such as GPUs or GPU-seconds. */
    record Count(long value) implements Cell {
        @Override
        public String text() {
            return Long.toString(value);
        }
    }

    /** An amount or a price in minor units (hundredths of the currency). */
    record Amount(long minor) implements Cell {
        @Override
        public String text() {
            return Money.format(minor);
        }
    }

    /** No value in this column for this row. */
    record Blank() implements Cell {
        @Override
        public String text() {
            return "";
        }
    }

    Cell BLANK = new Blank();

    static Cell text(String value) {
        return new Text(value);
    }

    static Cell amount(long minor) {
        return new Amount(minor);
    }
}
