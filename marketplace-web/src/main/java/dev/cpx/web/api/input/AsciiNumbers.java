package dev.cpx.web.api.input;

import java.beans.PropertyEditorSupport;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Whole numbers in paths, query parameters and forms are ASCII digits with an optional minus sign: Java's own
 * parsing also reads other scripts' digits ("١٢" as 12) and a leading plus, which neither the API nor the
 * portal documents. Anything else is a type mismatch: 400 in the API, a field message in the portal.
 */
@ControllerAdvice
class AsciiNumbers {

    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?[0-9]{1,19}");

    @InitBinder
    void asciiWholeNumbers(WebDataBinder binder) {
        binder.registerCustomEditor(int.class, new Editor<>(Integer::valueOf, false));
        binder.registerCustomEditor(Integer.class, new Editor<>(Integer::valueOf, true));
        binder.registerCustomEditor(long.class, new Editor<>(Long::valueOf, false));
        binder.registerCustomEditor(Long.class, new Editor<>(Long::valueOf, true));
    }

    private static final class Editor<N extends Number> extends PropertyEditorSupport {

        private final Function<String, N> parse;
        private final boolean blankIsNull;

        Editor(Function<String, N> parse, boolean blankIsNull) {
            this.parse = parse;
            this.blankIsNull = blankIsNull;
        }

        @Override
        public void setAsText(String text) {
            if (text == null || text.isBlank()) {
                if (!blankIsNull) {
                    throw new IllegalArgumentException("a whole number is required");
                }
                setValue(null);
                return;
            }
            String stripped = text.strip();
            if (!WHOLE_NUMBER.matcher(stripped).matches()) {
                throw new IllegalArgumentException("not a whole number in ASCII digits");
            }
            setValue(parse.apply(stripped));
        }

        @Override
        public String getAsText() {
            Object value = getValue();
            return value == null ? "" : value.toString();
        }
    }
}
