package dev.cpx.settlement.statement.report;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * The text font of the PDF reports: WenQuanYi Micro Hei (Latin, Greek, Cyrillic and CJK glyphs; Apache License
 * 2.0), which the build copies from Debian's fonts-wqy-microhei into the jar, embedded in each file as the subset
 * of glyphs it uses, so that Chinese names print and nothing is looked up on the reader's machine or fetched.
 */
public final class PdfFonts {

    static final String RESOURCE = "/fonts/wqy-microhei/wqy-microhei.ttc";
    private static final String NAME = "WenQuanYiMicroHei";

    private static final byte[] COLLECTION = read();

    private PdfFonts() {
    }

    /** The font for one document; it stays open until the document is saved, which embeds its subset. */
    public static PDFont text(PDDocument pdf) throws IOException {
        TrueTypeCollection collection = new TrueTypeCollection(new ByteArrayInputStream(COLLECTION));
        TrueTypeFont font = collection.getFontByName(NAME);
        if (font == null) {
            throw new IllegalStateException(RESOURCE + " holds no font named " + NAME);
        }
        return PDType0Font.load(pdf, font, true);
    }

    private static byte[] read() {
        try (InputStream in = PdfFonts.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the PDF reports' font " + RESOURCE + " is not in the build: install "
                        + "Debian's fonts-wqy-microhei (apt-get install fonts-wqy-microhei) and build again");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + RESOURCE, e);
        }
    }
}
