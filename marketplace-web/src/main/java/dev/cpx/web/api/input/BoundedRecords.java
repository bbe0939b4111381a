package dev.cpx.web.api.input;

import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.CpxException.FieldError;
import dev.cpx.core.problem.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

/**
 * Reads the {@code records} array of a batch and stops at the first record past the batch limit (422
 * {@code limit-exceeded}), so an oversized batch is refused without reading the rest of it.
 */
public abstract class BoundedRecords<T> extends ValueDeserializer<List<T>> {

    private final Class<T> recordType;
    private final int maxRecords;

    protected BoundedRecords(Class<T> recordType, int maxRecords) {
        this.recordType = recordType;
        this.maxRecords = maxRecords;
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<T> deserialize(JsonParser parser, DeserializationContext context) {
        if (!parser.isExpectedStartArrayToken()) {
            return (List<T>) context.handleUnexpectedToken(List.class, parser);
        }
        var records = new ArrayList<T>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (records.size() == maxRecords) {
                throw new CpxException(ErrorCode.LIMIT_EXCEEDED, "at most " + maxRecords
                        + " records per request: split the batch", List.of(new FieldError("records",
                        "at most " + maxRecords)));
            }
            try {
                records.add(parser.hasToken(JsonToken.VALUE_NULL) ? null : context.readValue(parser, recordType));
            } catch (JacksonException e) {
                throw JacksonException.wrapWithPath(e, records, records.size());
            }
        }
        return records;
    }

    /** The refusal of a batch past its limit, when it is among the causes of a failed read. */
    public static CpxException in(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CpxException refused) {
                return refused;
            }
        }
        return null;
    }
}
