package dev.cpx.settlement.statement.report;

import org.apache.pdfbox.pdmodel.font.PDFont;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Text a font can show: PDFBox throws on a character the font has no glyph for (the standard 14 fonts encode only
 * WinAnsi, the embedded text font has no emoji), so such characters become '?' and control characters (line
 * breaks, tabs) spaces. Text wider than a column wraps onto further lines, up to a limit.
 */
public final class PdfText {

    private static final String ELLIPSIS = "...";

    private final PDFont font;
    private final Map<Integer, Boolean> encodable = new HashMap<>();

    public PdfText(PDFont font) {
        this.font = font;
    }

    public String sanitize(String text) {
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
    public String fit(String text, PDFont drawFont, float sizePt, float maxWidthPt) throws IOException {
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

    /**
     * The sanitized text in lines no wider than {@code maxWidthPt}, broken after the last separator (space . - / ,)
     * that fits, else anywhere; at most {@code maxLines}, the last cut with "..." when more would be needed.
     */
    public List<String> wrap(String text, PDFont drawFont, float sizePt, float maxWidthPt, int maxLines) throws IOException {
        String rest = sanitize(text).strip();
        var lines = new ArrayList<String>();
        while (!rest.isEmpty() && lines.size() < maxLines - 1 && width(drawFont, rest, sizePt) > maxWidthPt) {
            int end = 1;
            while (end < rest.length() && width(drawFont, rest.substring(0, end + 1), sizePt) <= maxWidthPt) {
                end++;
            }
            int cut = end;
            for (int i = end; i > 0; i--) {
                if (" .-/,".indexOf(rest.charAt(i - 1)) >= 0) {
                    cut = i;
                    break;
                }
            }
            lines.add(rest.substring(0, cut).strip());
            rest = rest.substring(cut).strip();
        }
        if (!rest.isEmpty() || lines.isEmpty()) {
            lines.add(fit(rest, drawFont, sizePt, maxWidthPt));
        }
        return lines;
    }

    public static float width(PDFont font, String text, float sizePt) throws IOException {
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
