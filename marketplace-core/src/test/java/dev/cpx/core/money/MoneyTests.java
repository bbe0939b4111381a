package dev.cpx.core.money;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The one reader of money strings: plain ASCII decimals with at most two decimals, nothing else. */
class MoneyTests {

    @ParameterizedTest
    @CsvSource({"0,0", "2.50,250", "2.5,250", "7,700", " 12.34 ,1234", "2.500,250", "100000000000.00,10000000000000"})
    void plainDecimalsAreRead(String text, long minor) {
        assertEquals(minor, Money.parseMinor(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1E+2147483647", "1e2", "2.5e1", "+2.50", "0x10", "NaN", "Infinity", "2,50", "1_000",
            ".5", "2.", "١٢", "１２", "2 50", "-", "2.50\u0000", "\"2.50\"", "12..3"})
    void anythingButAnAsciiDecimalIsRefused(String text) {
        var refused = assertThrows(Money.InvalidAmountException.class, () -> Money.parseMinor(text));
        assertFalse(refused.offTick());
    }

    @Test
    void negativeAmountsAreRefusedAsNegative() {
        assertTrue(assertThrows(Money.InvalidAmountException.class, () -> Money.parseMinor("-2.50"))
                .getMessage().contains("negative"));
    }

    @Test
    void aThirdDecimalIsOffTick() {
        assertTrue(assertThrows(Money.InvalidAmountException.class, () -> Money.parseMinor("2.501")).offTick());
    }

    @Test
    void amountsAboveTheMaximumAreRefused() {
        assertThrows(Money.InvalidAmountException.class, () -> Money.parseMinor("100000000000.01"));
        assertThrows(Money.InvalidAmountException.class, () -> Money.parseMinor("9999999999999.99"));
    }

    @Test
    void aMillionDigitsAreRefusedQuicklyWithAShortMessage() {
        String huge = "9".repeat(1_000_000);
        var refused = assertTimeoutPreemptively(Duration.ofMillis(200),
                () -> assertThrows(Money.InvalidAmountException.class, () -> Money.parseMinor(huge)));
        assertTrue(refused.getMessage().length() < 100, refused.getMessage());
    }

    @Test
    void messagesQuoteOnlyAShortPrintablePrefix() {
        var refused = assertThrows(Money.InvalidAmountException.class,
                () -> Money.parseMinor("<script>\u0000\u202e" + "x".repeat(20)));
        String message = refused.getMessage();
        assertTrue(message.startsWith("\"<script>??xxxxxxxxxx...\""), message);
        assertTrue(message.chars().allMatch(c -> c >= 0x20 && c < 0x7f), message);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void readingAgreesWithBigDecimalOnRandomAmounts(long seed) {
        var random = new Random(seed);
        for (int i = 0; i < 10_000; i++) {
            long minor = Math.floorMod(random.nextLong(), Money.MAX_MINOR + 1);
            String text = Money.format(minor);
            assertEquals(new BigDecimal(text).movePointRight(2).longValueExact(), Money.parseMinor(text),
                    "seed " + seed + ", " + text);
        }
    }
}
