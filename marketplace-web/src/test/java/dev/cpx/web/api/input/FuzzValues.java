package dev.cpx.web.api.input;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/** The random and boundary inputs of the endpoint fuzz: JSON values, whole bodies, query and path values. */
final class FuzzValues {

    /** The API's body limit ({@code cpx.api.max-body-bytes}). */
    static final int MAX_BODY_BYTES = 1_048_576;

    /** Numbers as JSON literals: huge, negative, exponents, fractions, and what JSON does not allow at all. */
    static final List<String> NUMBERS = List.of("1E+2147483647", "1e400", "-1e400", "-1", "-0", "0", "1.9", "0.5",
            "2.5e3", "1e-7", "9223372036854775807", "9223372036854775808", "-9223372036854775809", "2147483648",
            "9".repeat(5_000), "NaN", "Infinity", "-Infinity", "0x10", "+1", "01", ".5", "1.", "1_000");
    /** Numbers as strings: what money and ids arrive as, in other scripts and notations too. */
    static final List<String> NUMBER_STRINGS = List.of("\"1E+2147483647\"", "\"-1\"", "\"-0.01\"", "\"0\"",
            "\"0.00\"", "\"1.9\"", "\"2.501\"", "\"99999999999999.99\"", "\"\u0661\u0662.\u0665\u0660\"",
            "\"\uff11\uff12\"", "\"\u0967\u0968\"", "\"1 000\"", "\"1,5\"", "\"+2.50\"", "\"NaN\"", "\"Infinity\"",
            "\"0x10\"", "\"1e3\"", "\"" + "9".repeat(40) + "\"", "\" 2.50 \"");
    /** Strings: empty, very long, control characters, right-to-left override, broken surrogates, markup. */
    static final List<String> STRINGS = List.of("\"\"", "\" \"", "\"" + "x".repeat(100_000) + "\"", "\"\\u0000\"",
            "\"a\\u0007b\"", "\"a\\r\\nb\"", "\"\\t\"", "\"\u202Eevil\"", "\"\\u202E\\u202D\"", "\"\\ud800\"",
            "\"\\udc00x\"", "\"\ud83d\ude00\"", "\"<script>alert(1)</script>\"", "\"' OR 1=1 --\"",
            "\"../../etc/passwd\"", "\"%00\"", "\"\\\\\"", "\"\u0000\"", "\"BUY\"", "\"buy\"", "\"2026-02-30T00:00:00Z\"",
            "\"2026-12-01T00:00:00+14:00\"", "\"-999999999-01-01T00:00:00Z\"", "\"PT-1H\"", "\"P9999999999D\"");
    /** Values of the wrong structure: null, booleans, arrays for objects and objects for arrays, deep nesting. */
    static final List<String> STRUCTURES = List.of("null", "true", "false", "[]", "{}", "[1,2]", "[null]", "[{}]",
            "{\"a\":1}", "[[[\"x\"]]]", "[" + "\"x\",".repeat(5_000) + "\"x\"]",
            "[".repeat(3_000) + "]".repeat(3_000), "{\"a\":".repeat(2_000) + "1" + "}".repeat(2_000));
    /** Whole bodies that are not the request at all. */
    static final List<String> BODIES = List.of("", " ", "null", "[]", "[{}]", "\"x\"", "1", "{", "}", "{}{}", "{}[]",
            "{\"a\" 1}", "{\"a\":1,}", "{'a':1}", "\ufeff{}", "[".repeat(10_000), "{\"a\":\"\\uZZZZ\"}");
    /** Property names the endpoints do not know. */
    static final List<String> UNKNOWN_NAMES = List.of("leverage", "__proto__", "constructor", "@class", "$type",
            "id", "organizationId", "status", "", "\\u0661", "x".repeat(5_000));
    /** Byte sequences that are not UTF-8: a bad continuation, 0xFF, an overlong slash, an encoded surrogate, a cut. */
    static final List<byte[]> BROKEN_UTF8 = List.of(new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xFF},
            new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            new byte[] {(byte) 0xE2, (byte) 0x82});

    /** Query parameter values, encoded as a client would. */
    static final List<String> QUERY_VALUES = List.of("", " ", "-1", "0", "1", "2147483647", "2147483648", "-2147483649",
            "99999999999999999999", "1E+2147483647", "1e3", "1.5", "NaN", "\u0661\u0662", "\uff11\uff12", "\u0967",
            "2.50", "2.501", "-2.50", "OPEN", "open", "ALL", "nope", "2026-12-01", "2026-12-01T00:00:00Z", "2026-13-45",
            "2026-02-30", "-999999999-01-01", "+999999999-12-31", "\u0000", "\u202Eevil", "<script>", "' OR 1=1 --",
            "H100-SXM-80G", "CN-EAST", "9".repeat(3_000), "x".repeat(9_000));
    /** Query and path values sent as they are: percent escapes that decode to something that is not UTF-8 text. */
    static final List<String> RAW_VALUES = List.of("%C3%28", "%FF", "%C0%AF", "%ED%A0%80", "%E2%82", "%00",
            "%25", "%2F", "%2e%2e");
    /** Path variable values: ids a client could get wrong. */
    static final List<String> PATH_VALUES = List.of("-1", "0", "99999999999999999999", "9223372036854775808", "1e3",
            "1.5", "\u0661", " 1", "x".repeat(300), "\u202E1", "NaN", "null", "..", "platform", "PLATFORM",
            "SHCC.csv", "nova");

    private FuzzValues() {
    }

    static String pick(Random random, List<String> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** A JSON value from any of the lists, or a random number. */
    static String anyValue(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> pick(random, NUMBERS);
            case 1 -> pick(random, NUMBER_STRINGS);
            case 2 -> pick(random, STRINGS);
            case 3 -> pick(random, STRUCTURES);
            default -> randomNumber(random);
        };
    }

    /** A value of the same JSON kind as {@code current}, so that the body still reads and reaches the checks. */
    static String sameKind(Random random, String current) {
        char first = current.isEmpty() ? ' ' : current.charAt(0);
        if (first == '"') {
            return random.nextBoolean() ? pick(random, NUMBER_STRINGS) : pick(random, STRINGS);
        }
        if (first == '-' || Character.isDigit(first)) {
            return random.nextBoolean() ? pick(random, NUMBERS) : randomNumber(random);
        }
        return anyValue(random);
    }

    static String randomNumber(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> Long.toString(random.nextLong());
            case 1 -> Double.toString(random.nextGaussian() * Math.pow(10, random.nextInt(40)));
            case 2 -> "\"" + random.nextInt(1_000_000) + "." + random.nextInt(1000) + "\"";
            default -> Integer.toString(random.nextInt(100) - 50);
        };
    }

    /** A query or path value: encoded as a client would, or now and then a raw escape that is not UTF-8. */
    static String encodedValue(Random random, List<String> values) {
        if (random.nextInt(6) == 0) {
            return pick(random, RAW_VALUES);
        }
        return URLEncoder.encode(pick(random, values), StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code {"pad":"xxx...", ...}} grown to exactly {@code bytes} bytes of UTF-8. */
    static String padded(String object, int bytes) {
        String head = "{\"pad\":\"";
        String tail = object.startsWith("{") && !object.equals("{}") ? "\"," + object.substring(1) : "\"}";
        int fill = bytes - head.length() - tail.getBytes(StandardCharsets.UTF_8).length;
        return head + "x".repeat(Math.max(0, fill)) + tail;
    }
}
