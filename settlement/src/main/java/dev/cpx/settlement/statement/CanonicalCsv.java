package dev.cpx.settlement.statement;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the CSV of the canonical forms: rows end with LF (the last one too), a field is quoted when it holds a
 * comma, a quote, CR or LF, and a quote inside is doubled. Written by hand because the canonical forms are part
 * of the pure statement arithmetic, which does no I/O.
 */
final class CanonicalCsv {

    private CanonicalCsv() {
    }

    static List<List<String>> rows(String text) {
        if (!text.isEmpty() && !text.endsWith(CanonicalStatement.EOL)) {
            throw new IllegalArgumentException("a canonical text ends with a line feed");
        }
        var rows = new ArrayList<List<String>>();
        var row = new ArrayList<String>();
        var field = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"' && field.isEmpty()) {
                i = quoted(text, i + 1, field);
                continue;
            }
            if (c == ',' || c == '\n') {
                row.add(field.toString());
                field.setLength(0);
                if (c == '\n') {
                    rows.add(List.copyOf(row));
                    row.clear();
                }
            } else if (c == '"' || c == '\r') {
                throw new IllegalArgumentException("a quote or carriage return outside a quoted field at " + i);
            } else {
                field.append(c);
            }
            i++;
        }
        return rows;
    }

    /** Reads a quoted field from {@code start} (after its opening quote); returns the index after its closing quote. */
    private static int quoted(String text, int start, StringBuilder field) {
        int i = start;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"') {
                if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            field.append(c);
            i++;
        }
        throw new IllegalArgumentException("a quoted field is not closed");
    }
}
