package dev.cpx.settlement.payout;

import java.math.BigInteger;
import java.util.regex.Pattern;

/** IBAN and BIC checks (ISO 13616 MOD 97-10 check digits, ISO 9362 shape). */
public final class Iban {

    private static final Pattern IBAN = Pattern.compile("[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}");
    private static final Pattern BIC = Pattern.compile("[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?");

    private Iban() {
    }

    /** An IBAN without spaces, upper case; null stays null. */
    public static String normalize(String iban) {
        return iban == null ? null : iban.replace(" ", "").toUpperCase(java.util.Locale.ROOT);
    }

    public static boolean valid(String iban) {
        if (iban == null || !IBAN.matcher(iban).matches()) {
            return false;
        }
        String rearranged = iban.substring(4) + iban.substring(0, 4);
        var digits = new StringBuilder();
        for (char c : rearranged.toCharArray()) {
            digits.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
        }
        return new BigInteger(digits.toString()).mod(BigInteger.valueOf(97)).intValue() == 1;
    }

    public static boolean validBic(String bic) {
        return bic != null && BIC.matcher(bic).matches();
    }
}
