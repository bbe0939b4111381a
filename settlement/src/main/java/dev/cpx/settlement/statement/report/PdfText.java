package dev.cpx.settlement.statement.report;

import org.apache.pdfbox.pdmodel.font.PDFont;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Text the standard 14 fonts can show: they encode only WinAnsi (Latin-1 and a few more), and PDFBox throws on
 * anything else, so other characters become '?' and control characters (line breaks, tabs) spaces.
 */
final class PdfText {

    private static final String ELLIPSIS = "...";

    private final PDFont font;
    private final Map<Integer, Boolean> encodable = new HashMap<>();

    PdfText(PDFont font) {
        this.font = font;
    }

    String sanitize(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cp < 0x20 || cp == 0x7F || Character.isISOControl(cp)) {
                out.append(' ');
            } else if (cp < 0x7F || encodable.computeIfAbsent(cp, this::canEncode)) {
                out.appendCodePoint(cp);
            } else {
                out.append('?');
            }
        });
        return out.toString();
    }

    /** The sanitized text, cut and ended with "..." when wider than {@code maxWidthPt} at {@code sizePt}. */
    String fit(String text, PDFont drawFont, float sizePt, float maxWidthPt) throws IOException {
        String clean = sanitize(text);
        if (width(drawFont, clean, sizePt) <= maxWidthPt) {
            return clean;
        }
        // Every WinAnsi glyph is wider than 1/5 em, so no more than this many characters can fit.
        int end = Math.min(clean.length(), (int) (maxWidthPt / (sizePt / 5)) + 1);
        while (end > 0 && width(drawFont, clean.substring(0, end) + ELLIPSIS, sizePt) > maxWidthPt) {
            end--;
        }
        return clean.substring(0, end) + ELLIPSIS;
    }

    static float width(PDFont font, String text, float sizePt) throws IOException {
        return font.getStringWidth(text) / 1000f * sizePt;
    }

    private boolean canEncode(int codePoint) {
        try {
            font.encode(new String(Character.toChars(codePoint)));
            return true;
        } catch (IllegalArgumentException | IOException e) {
            return false;
        }
    }
}
