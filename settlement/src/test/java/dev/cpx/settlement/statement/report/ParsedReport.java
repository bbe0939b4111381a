package dev.cpx.settlement.statement.report;

import dev.cpx.core.money.Money;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A rendered report read back the way a finance team's tooling would: metadata by name, the header, the
 * rows as text (amounts as "1234.50") and the TOTAL row.
 */
record ParsedReport(Map<String, String> metadata, List<String> header, List<List<String>> rows,
                    List<String> totalRow) {

    static ParsedReport csv(byte[] bytes, String firstColumn) throws IOException {
        List<CSVRecord> records;
        try (Reader reader = new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8)) {
            records = CSVFormat.RFC4180.parse(reader).getRecords();
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        int i = 0;
        while (!records.get(i).get(0).equals(firstColumn)) {
            metadata.put(records.get(i).get(0), records.get(i).get(1));
            i++;
        }
        List<String> header = records.get(i).toList();
        List<List<String>> rows = new ArrayList<>();
        for (int r = i + 1; r < records.size(); r++) {
            rows.add(records.get(r).toList());
        }
        return new ParsedReport(metadata, header, rows.subList(0, rows.size() - 1), rows.getLast());
    }

    /** Reads the first sheet; the header row is the one whose first cell is {@code firstLabel}. */
    static ParsedReport xlsx(byte[] bytes, String firstLabel) throws IOException {
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(bytes))) {
            Sheet sheet = workbook.getSheetAt(0);
            Map<String, String> metadata = new LinkedHashMap<>();
            int r = 1;
            while (sheet.getRow(r) != null) {
                metadata.put(sheet.getRow(r).getCell(0).getStringCellValue(),
                        sheet.getRow(r).getCell(1).getStringCellValue());
                r++;
            }
            Row headerRow = sheet.getRow(r + 1);
            if (!headerRow.getCell(0).getStringCellValue().equals(firstLabel)) {
                throw new AssertionError("no header row after the title block");
            }
            int width = headerRow.getLastCellNum();
            List<List<String>> rows = new ArrayList<>();
            for (int i = r + 2; i <= sheet.getLastRowNum(); i++) {
                rows.add(texts(sheet.getRow(i), width));
            }
            return new ParsedReport(metadata, texts(headerRow, width), rows.subList(0, rows.size() - 1),
                    rows.getLast());
        }
    }

    /** Cell values as the CSV writes them: numbers with a two-decimal format to the cent, others as integers. */
    static List<String> texts(Row row, int width) {
        List<String> texts = new ArrayList<>(width);
        for (int c = 0; c < width; c++) {
            org.apache.poi.ss.usermodel.Cell cell = row.getCell(c);
            if (cell == null) {
                texts.add("");
            } else if (cell.getCellType() == CellType.NUMERIC) {
                texts.add(number(cell));
            } else {
                texts.add(cell.getStringCellValue());
            }
        }
        return texts;
    }

    private static String number(org.apache.poi.ss.usermodel.Cell cell) {
        BigDecimal value = BigDecimal.valueOf(cell.getNumericCellValue());
        if (cell.getCellStyle().getDataFormatString().contains(".00")) {
            return Money.format(value.setScale(2, RoundingMode.HALF_UP).unscaledValue().longValueExact());
        }
        return value.setScale(0, RoundingMode.UNNECESSARY).toPlainString();
    }

    static String pdfText(byte[] bytes) throws IOException {
        try (PDDocument pdf = Loader.loadPDF(bytes)) {
            return new PDFTextStripper().getText(pdf);
        }
    }

    static int pdfPages(byte[] bytes) throws IOException {
        try (PDDocument pdf = Loader.loadPDF(bytes)) {
            return pdf.getNumberOfPages();
        }
    }

    /** The amount after a label in the PDF totals block, such as "Net -12.00". */
    static long pdfTotal(String text, String label) {
        for (String line : text.split("\\R")) {
            if (line.startsWith(label + " ") && line.substring(label.length() + 1).matches("-?\\d+\\.\\d{2}")) {
                return new BigDecimal(line.substring(label.length() + 1)).movePointRight(2).longValueExact();
            }
        }
        throw new AssertionError("no total " + label + " in the PDF");
    }

    int column(String name) {
        int index = header.indexOf(name);
        if (index < 0) {
            throw new AssertionError("no column " + name + " in " + header);
        }
        return index;
    }

    String cell(List<String> row, String column) {
        return row.get(column(column));
    }
}
