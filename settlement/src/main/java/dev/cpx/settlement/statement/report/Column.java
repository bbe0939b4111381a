package dev.cpx.settlement.statement.report;

/**
 * A report column: its machine name (the CSV header), its label (XLSX and PDF headers), its width in the PDF
 * table in points (0 = not in the PDF table: its figure is in the PDF totals block instead, or, for a column
 * {@code pdfBelow}, written under its row across the table) and in the XLSX sheet in characters.
 */
record Column(String name, String label, float pdfWidthPt, int xlsxWidthChars, boolean numeric, boolean pdfBelow) {

    Column {
        if (name.isBlank() || label.isBlank() || pdfWidthPt < 0 || xlsxWidthChars <= 0
                || (pdfBelow && (numeric || pdfWidthPt > 0))) {
            throw new IllegalArgumentException("bad column " + name);
        }
    }

    static Column text(String name, String label, float pdfWidthPt, int xlsxWidthChars) {
        return new Column(name, label, pdfWidthPt, xlsxWidthChars, false, false);
    }

    static Column number(String name, String label, float pdfWidthPt, int xlsxWidthChars) {
        return new Column(name, label, pdfWidthPt, xlsxWidthChars, true, false);
    }

    /** Text written in the PDF on a line of its own under its row, spanning the table. */
    static Column below(String name, String label, int xlsxWidthChars) {
        return new Column(name, label, 0, xlsxWidthChars, false, true);
    }

    boolean inPdfTable() {
        return pdfWidthPt > 0;
    }
}
