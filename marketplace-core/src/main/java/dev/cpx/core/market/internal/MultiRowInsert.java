package dev.cpx.core.market.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One {@code INSERT ... VALUES (...), (...)} statement for many rows, whatever the driver's batch settings, so a
 * journal batch costs one round trip per table. Rows go in chunks that stay far below the servers' placeholder
 * limits (65,535 on MySQL).
 */
final class MultiRowInsert {

    private static final int MAX_PLACEHOLDERS = 30_000;

    private MultiRowInsert() {
    }

    /** Inserts {@code rows} as {@code columns}; {@code suffix} may add {@code ON DUPLICATE KEY UPDATE ...}. */
    static <T> int insert(JdbcTemplate jdbc, String table, List<String> columns, String suffix, List<T> rows,
                          Function<T, Object[]> values) {
        if (rows.isEmpty()) {
            return 0;
        }
        String row = "(" + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")";
        int chunk = Math.max(1, MAX_PLACEHOLDERS / columns.size());
        int statements = 0;
        for (int from = 0; from < rows.size(); from += chunk) {
            List<T> part = rows.subList(from, Math.min(rows.size(), from + chunk));
            var sql = new StringBuilder("insert into ").append(table).append(" (").append(String.join(", ", columns))
                    .append(") values ");
            var args = new ArrayList<Object>(part.size() * columns.size());
            for (int i = 0; i < part.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append(row);
                Object[] rowValues = values.apply(part.get(i));
                if (rowValues.length != columns.size()) {
                    throw new IllegalArgumentException(table + ": " + rowValues.length + " values for "
                            + columns.size() + " columns");
                }
                args.addAll(java.util.Arrays.asList(rowValues));
            }
            if (!suffix.isEmpty()) {
                sql.append(' ').append(suffix);
            }
            jdbc.update(sql.toString(), args.toArray());
            statements++;
        }
        return statements;
    }
}
