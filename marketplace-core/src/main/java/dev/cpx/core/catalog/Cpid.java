package dev.cpx.core.catalog;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A node's resource identifier, {@code CP1.<REGION>.<PROVIDER>.<SITE>.<NODE>.<CC>}, for example
 * {@code CP1.CN-EAST.SHCC.SH01.N0001.65}. {@code CC} are ISO 7064 MOD 97-10 check digits (as in
 * IBAN) over every character before the last dot except {@code .} and {@code -}, the version
 * included. A {@code Cpid} always holds a valid identifier; {@link #value()} is its only spelling.
 */
public record Cpid(String region, String provider, String site, String node, String check) {

    public static final String VERSION = "CP1";
    /** Longer than any valid CPID (51); refused before any other work is done on the text. */
    public static final int MAX_LENGTH = 64;

    private static final int PART_COUNT = 6;
    private static final Pattern VERSION_PATTERN = Pattern.compile(VERSION);
    private static final Pattern REGION = Pattern.compile("[A-Z]{2}-[A-Z]{2,10}");
    private static final Pattern PROVIDER = Pattern.compile("[A-Z0-9]{3,8}");
    private static final Pattern SITE = Pattern.compile("[A-Z0-9]{2,8}");
    private static final Pattern NODE = Pattern.compile("[A-Z0-9]{1,12}");
    private static final Pattern CHECK = Pattern.compile("[0-9]{2}");

    public Cpid {
        requireParts(region, provider, site, node);
        requireCheck(check, body(region, provider, site, node));
    }

    /** Reads a CPID exactly as written: no trimming and no case folding. */
    public static Cpid parse(String text) {
        requireShape(text);
        String[] parts = text.split("\\.", -1);
        if (parts.length != PART_COUNT) {
            throw new InvalidCpidException(InvalidCpidException.FORMAT,
                    "CPID must have 6 parts separated by dots (CP1.REGION.PROVIDER.SITE.NODE.CC); found "
                            + parts.length);
        }
        requirePart(InvalidCpidException.VERSION, parts[0], VERSION_PATTERN, "\"" + VERSION + "\"");
        return new Cpid(parts[1], parts[2], parts[3], parts[4], parts[5]);
    }

    /** A new identifier for the given parts, with its check digits computed. */
    public static Cpid of(String region, String provider, String site, String node) {
        // Parts first, so a bad part is reported as that part rather than as a bad body.
        requireParts(region, provider, site, node);
        return new Cpid(region, provider, site, node, checkDigits(body(region, provider, site, node)));
    }

    /**
     * The two MOD 97-10 check digits for {@code body}, the text before the last dot (for example
     * {@code CP1.CN-EAST.SHCC.SH01.N0001} gives {@code 65}). Always between 02 and 98.
     */
    public static String checkDigits(String body) {
        if (body == null || body.isEmpty() || body.length() > MAX_LENGTH) {
            throw new InvalidCpidException(InvalidCpidException.FORMAT,
                    "CPID body must be 1-" + MAX_LENGTH + " characters");
        }
        int checkValue = 98 - remainder(body) * 100 % 97;
        return String.format(Locale.ROOT, "%02d", checkValue);
    }

    /** The canonical text, for example {@code CP1.CN-EAST.SHCC.SH01.N0001.65}. */
    public String value() {
        return body(region, provider, site, node) + "." + check;
    }

    @Override
    public String toString() {
        return value();
    }

    private static void requireShape(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidCpidException(InvalidCpidException.FORMAT, "CPID is missing");
        }
        if (text.length() > MAX_LENGTH) {
            throw new InvalidCpidException(InvalidCpidException.FORMAT,
                    "CPID is " + text.length() + " characters long; at most " + MAX_LENGTH + " are allowed");
        }
        if (!text.strip().equals(text)) {
            throw new InvalidCpidException(InvalidCpidException.FORMAT,
                    "CPID must not start or end with whitespace");
        }
    }

    private static void requireParts(String region, String provider, String site, String node) {
        requirePart(InvalidCpidException.REGION, region, REGION,
                "2 letters A-Z, a '-', then 2-10 letters A-Z (for example CN-EAST)");
        requirePart(InvalidCpidException.PROVIDER, provider, PROVIDER, "3-8 characters A-Z or 0-9");
        requirePart(InvalidCpidException.SITE, site, SITE, "2-8 characters A-Z or 0-9");
        requirePart(InvalidCpidException.NODE, node, NODE, "1-12 characters A-Z or 0-9");
    }

    private static void requirePart(String part, String value, Pattern pattern, String expected) {
        if (value == null) {
            throw new InvalidCpidException(part, part + " is missing");
        }
        if (pattern.matcher(value).matches()) {
            return;
        }
        // Refused rather than folded: an identifier has one spelling, and the stored CPID is unique as text.
        String upper = value.toUpperCase(Locale.ROOT);
        if (pattern.matcher(upper).matches()) {
            throw new InvalidCpidException(part,
                    part + " \"" + value + "\" must be upper-case (\"" + upper + "\")");
        }
        throw new InvalidCpidException(part, part + " \"" + value + "\" must be " + expected);
    }

    private static void requireCheck(String check, String body) {
        if (check == null) {
            throw new InvalidCpidException(InvalidCpidException.CHECK, "check digits are missing");
        }
        if (!CHECK.matcher(check).matches()) {
            throw new InvalidCpidException(InvalidCpidException.CHECK,
                    "check digits \"" + check + "\" must be exactly 2 digits 0-9");
        }
        // Equality, not just "body + CC is 1 mod 97": that would also accept 01 for 98 and 99 for 02,
        // giving one node two spellings. The expected digits are not revealed: a mismatch usually means
        // a typo in the body, and echoing the digits would turn that typo into another node's valid id.
        if (!check.equals(checkDigits(body))) {
            throw new InvalidCpidException(InvalidCpidException.CHECK,
                    "check digits " + check + " do not match the rest of the identifier; "
                            + "a character is probably mistyped, copy the CPID again");
        }
        assert remainder(body + check) == 1 : "MOD 97-10 invariant broken for " + body + "." + check;
    }

    /** The body read as MOD 97-10 digits (0-9 as themselves, A-Z as 10-35), mod 97, one character at a time. */
    private static int remainder(String text) {
        int remainder = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                remainder = (remainder * 10 + (c - '0')) % 97;
            } else if (c >= 'A' && c <= 'Z') {
                remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
            } else if (c != '.' && c != '-') {
                throw new InvalidCpidException(InvalidCpidException.FORMAT,
                        "CPID body may contain only A-Z, 0-9, '.' and '-'; found '" + c + "'");
            }
        }
        return remainder;
    }

    private static String body(String region, String provider, String site, String node) {
        return VERSION + "." + region + "." + provider + "." + site + "." + node;
    }
}
