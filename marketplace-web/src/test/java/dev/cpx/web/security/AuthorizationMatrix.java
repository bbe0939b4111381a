package dev.cpx.web.security;

import dev.cpx.web.support.Endpoint;
import dev.cpx.web.support.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The expected answer of every endpoint to every caller, read from {@code authorization-matrix.txt}: one row per
 * endpoint (and a second for another organization's object where the path names one), one column per caller.
 */
record AuthorizationMatrix(List<String> callers, List<Row> rows) {

    static final String FILE = "authorization-matrix.txt";
    /** Path variables that name an object some organization owns: their endpoints need a {@code foreign} row. */
    static final Set<String> OWNED = Set.of("orderId", "contractId", "discrepancyId", "disputeId", "topUpId", "keyId",
            "organizationCode", "cpid", "invoiceNumber", "payoutId");
    private static final Pattern CELL = Pattern.compile("ok|R|L|[1-5][0-9][0-9]");

    /** {@code ids}: {@code -} when the path names no owned object, else {@code own} or {@code foreign}. */
    record Row(String method, String path, String ids, Map<String, String> cells, int line) {

        String key() {
            return method + " " + path;
        }

        boolean foreign() {
            return ids.equals("foreign");
        }

        @Override
        public String toString() {
            return key() + (ids.equals("-") ? "" : " [" + ids + "]");
        }
    }

    static AuthorizationMatrix load() {
        try (InputStream in = AuthorizationMatrix.class.getResourceAsStream(FILE)) {
            if (in == null) {
                throw new IllegalStateException(FILE + " is missing next to " + AuthorizationMatrix.class.getName());
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static AuthorizationMatrix parse(String text) {
        List<String> callers = null;
        var rows = new ArrayList<Row>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            List<String> tokens = tokens(lines[i]);
            if (tokens.isEmpty()) {
                continue;
            }
            if (tokens.getFirst().equals("method")) {
                callers = tokens.subList(3, tokens.size());
                continue;
            }
            if (callers == null) {
                throw new IllegalStateException(FILE + ":" + (i + 1) + ": a row before the header line");
            }
            rows.add(row(tokens, callers, i + 1));
        }
        return new AuthorizationMatrix(List.copyOf(callers), List.copyOf(rows));
    }

    private static List<String> tokens(String line) {
        String content = line.strip();
        if (content.isEmpty() || content.startsWith("#")) {
            return List.of();
        }
        return Arrays.stream(content.split("\\s+")).filter(t -> !t.equals("|")).toList();
    }

    private static Row row(List<String> tokens, List<String> callers, int line) {
        if (tokens.size() != callers.size() + 3) {
            throw new IllegalStateException(FILE + ":" + line + ": " + (tokens.size() - 3) + " cells for "
                    + callers.size() + " callers");
        }
        var cells = new LinkedHashMap<String, String>();
        for (int c = 0; c < callers.size(); c++) {
            String cell = tokens.get(c + 3);
            if (!CELL.matcher(cell).matches()) {
                throw new IllegalStateException(FILE + ":" + line + ": '" + cell + "' is not ok, R, L or a status");
            }
            cells.put(callers.get(c), cell);
        }
        return new Row(tokens.get(0), tokens.get(1), tokens.get(2), cells, line);
    }

    /** Whether a reply is what a cell says: {@code ok} 2xx, {@code L} sent to sign in, {@code R} reached, or a status. */
    static boolean matches(String cell, Reply reply) {
        int status = reply.status();
        return switch (cell) {
            case "ok" -> status >= 200 && status < 300;
            case "L" -> sentToSignIn(reply);
            case "R" -> status < 500 && status != 401 && status != 403 && !sentToSignIn(reply);
            default -> status == Integer.parseInt(cell);
        };
    }

    /** The cell that best describes a reply, for the report of what the application does instead. */
    static String cellOf(Reply reply) {
        if (sentToSignIn(reply)) {
            return "L";
        }
        return Integer.toString(reply.status());
    }

    private static boolean sentToSignIn(Reply reply) {
        String location = reply.location();
        return reply.status() == 302 && location != null && java.net.URI.create(location).getPath().equals("/login");
    }

    /**
     * What keeps the table and the application apart: endpoints without a row (or without the row for another
     * organization's object), rows of endpoints that no longer exist, rows twice, path variables nobody fills.
     */
    List<String> coverageProblems(List<Endpoint> endpoints, Set<String> fillable) {
        var problems = new ArrayList<String>();
        Map<String, Endpoint> byKey = endpoints.stream().collect(Collectors.toMap(Endpoint::key, e -> e));
        var seen = new HashSet<String>();
        for (Row row : rows) {
            Endpoint endpoint = byKey.get(row.key());
            if (endpoint == null) {
                problems.add(FILE + ":" + row.line() + ": " + row.key() + " is not an endpoint of the application");
            } else if (!row.ids().equals(idsFor(endpoint, row.foreign()))) {
                problems.add(FILE + ":" + row.line() + ": " + row.key() + " has ids '" + row.ids() + "', expected '"
                        + idsFor(endpoint, row.foreign()) + "'");
            }
            if (!seen.add(row.key() + " " + row.ids())) {
                problems.add(FILE + ":" + row.line() + ": " + row + " is there twice");
            }
        }
        for (Endpoint endpoint : endpoints) {
            problems.addAll(missingRows(endpoint, seen, fillable));
        }
        return problems;
    }

    private static List<String> missingRows(Endpoint endpoint, Set<String> seen, Set<String> fillable) {
        var problems = new ArrayList<String>();
        if (!seen.contains(endpoint.key() + " " + idsFor(endpoint, false))) {
            problems.add(endpoint.key() + " (" + endpoint.handler().getShortLogMessage() + ") has no row in " + FILE);
        }
        if (owns(endpoint) && !seen.contains(endpoint.key() + " foreign")) {
            problems.add(endpoint.key() + " names an owned object but has no 'foreign' row in " + FILE);
        }
        endpoint.pathVariables().stream().filter(v -> !fillable.contains(v))
                .forEach(v -> problems.add(endpoint.key() + ": the matrix cannot fill {" + v + "}; add it to MatrixWorld"));
        return problems;
    }

    private static String idsFor(Endpoint endpoint, boolean foreign) {
        return !owns(endpoint) ? "-" : foreign ? "foreign" : "own";
    }

    static boolean owns(Endpoint endpoint) {
        return endpoint.pathVariables().stream().anyMatch(OWNED::contains);
    }
}
