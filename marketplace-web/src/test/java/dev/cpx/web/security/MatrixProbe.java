package dev.cpx.web.security;

import dev.cpx.web.support.Endpoint;
import dev.cpx.web.support.Reply;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The request the matrix sends to one endpoint. On the caller's own objects a write is chosen to be refused by the
 * handler or its use case once the caller is let in (an unknown instrument, a bad CPID, an empty batch, an order or
 * node already cancelled or retired, a closed period, a period overlapping it, a negative adjustment or limit, a
 * form without its required fields), so it changes nothing and every caller meets the same world. Bodies must have
 * the right shape: a body the API cannot read is refused with 400 before the caller's permissions are checked,
 * which would hide them. On another organization's objects a write is one that would act (a new price, a node, a
 * reason, a retirement), on objects left live for it, so that reaching them would show as a change afterwards. A
 * new endpoint gets {@code {}} or an empty form until a body is written here.
 */
record MatrixProbe(String path, String json, Map<String, String> form, List<String> headers) {

    private static final String BAD_CPID = "CP1.NOT-A-CPID";
    private static final String ORDER_FOR_NO_INSTRUMENT = "{\"clientOrderId\":\"matrix-1\",\"instrument\":\""
            + MatrixWorld.UNKNOWN_SYMBOL + "\",\"side\":\"SELL\",\"type\":\"LIMIT\",\"price\":\"1.00\",\"quantity\":1}";

    static MatrixProbe of(Endpoint endpoint, boolean foreign, String organization, MatrixWorld world) {
        String path = endpoint.fill(name -> value(endpoint, name, foreign, organization, world));
        if (!endpoint.isWrite()) {
            return new MatrixProbe(path, null, null, List.of());
        }
        if (endpoint.path().startsWith("/api/")) {
            return new MatrixProbe(path, json(endpoint, foreign, world), null, List.of());
        }
        if (endpoint.path().equals("/internal/market/commands")) {
            return new MatrixProbe(path, "{}", null, List.of("X-Cpx-Market-Token", "not-the-owners-token",
                    "X-Cpx-Market-Kind", "place"));
        }
        return new MatrixProbe(path, null, form(endpoint, foreign, world), List.of());
    }

    private static String value(Endpoint endpoint, String name, boolean foreign, String organization,
                                MatrixWorld world) {
        if (name.equals("symbol") && endpoint.path().endsWith("/stream")) {
            // A live feed holds its connection, and an address may hold 8: an unknown market answers at once.
            return MatrixWorld.UNKNOWN_SYMBOL;
        }
        return foreign && AuthorizationMatrix.OWNED.contains(name) ? world.foreign(name) : world.own(name, organization);
    }

    private static String json(Endpoint endpoint, boolean foreign, MatrixWorld world) {
        return switch (endpoint.key()) {
            case "POST /api/v1/nodes" -> "{\"cpid\":\"" + BAD_CPID + "\",\"computeClass\":\"H100-SXM-80G\",\"gpuCount\":8}";
            case "POST /api/v1/admin/clock" -> "{\"advanceBy\":\"PT0S\"}";
            case "POST /api/v1/contracts/{contractId}/allocations" ->
                    "{\"cpids\":[\"" + (foreign ? world.spareNode() : BAD_CPID) + "\"]}";
            case "POST /api/v1/orders" -> ORDER_FOR_NO_INSTRUMENT;
            case "POST /api/v1/block-orders" -> "{\"clientOrderId\":\"matrix-block\",\"computeClass\":\"NO-SUCH-CLASS\","
                    + "\"region\":\"CN-EAST\",\"side\":\"BUY\",\"quantity\":1,\"start\":\"2030-01-01T00:00:00Z\","
                    + "\"end\":\"2030-01-02T00:00:00Z\",\"limitPrice\":\"1.00\"}";
            case "POST /api/v1/quotes/{quoteId}/accept" -> "{\"clientOrderId\":\"matrix-accept\"}";
            case "PATCH /api/v1/orders/{orderId}" -> foreign ? "{\"price\":\"" + MatrixWorld.AMENDED_PRICE + "\"}"
                    : "{\"quantity\":1}";
            case "POST /api/v1/wallet/top-ups/{topUpId}/confirm" ->
                    "{\"amountReceived\":\"10.00\",\"bankReference\":\"MATRIX\"}";
            case "DELETE /api/v1/orders/{orderId}",
                 "POST /api/v1/nodes/{cpid}/retire",
                 "POST /api/v1/settlement/periods/{periodId}/rerun",
                 "POST /api/v1/settlement/periods/{periodId}/close" -> null;
            case "POST /api/v1/usage", "POST /api/v1/heartbeats" -> "{\"records\":[]}";
            case "POST /api/v1/wallet/top-ups" -> "{\"amount\":\"0.00\"}";
            case "PUT /api/v1/account/spend-limits" -> "{\"perOrder\":\"-1.00\"}";
            case "PUT /api/v1/organization/alerts" -> "{\"email\":\"not an address\"}";
            case "POST /api/v1/settlement/discrepancies/{discrepancyId}/disputes" -> "{\"reason\":\"matrix\"}";
            // On its own line a caller is refused for the empty reason; a foreign line is not found.
            case "POST /api/v1/settlement/periods/{periodId}/contracts/{contractId}/disputes" ->
                    foreign ? "{\"reason\":\"matrix\"}" : "{\"reason\":\"\"}";
            case "POST /api/v1/settlement/disputes/{disputeId}/resolve" ->
                    "{\"adjustment\":\"-1.00\",\"to\":\"BUYER\",\"resolution\":\"matrix\"}";
            case "POST /api/v1/settlement/periods" -> world.period();
            default -> "{}";
        };
    }

    private static Map<String, String> form(Endpoint endpoint, boolean foreign, MatrixWorld world) {
        return switch (endpoint.key()) {
            case "POST /nodes" -> Map.of("cpid", BAD_CPID, "computeClass", "H100-SXM-80G", "gpuCount", "8");
            case "POST /finance/periods" -> Map.of("start", "not-a-time", "end", "not-a-time");
            case "POST /account/spend-limits" -> Map.of("perOrder", "-1.00");
            case "POST /account/top-ups" -> Map.of("amount", "0.00");
            case "POST /settings/alerts" -> Map.of("email", "not an address");
            case "POST /finance/periods/{periodId}/discrepancies/{discrepancyId}/dispute" -> Map.of("reason", "matrix");
            case "POST /finance/periods/{periodId}/disputes/{disputeId}/resolve" ->
                    Map.of("adjustment", "-1.00", "to", "BUYER", "resolution", "matrix");
            case "POST /settings/api-keys" -> Map.of("name", "", "permissions", "READ");
            case "POST /contracts/{contractId}/allocate" -> foreign ? Map.of("cpids", world.spareNode()) : Map.of();
            case "POST /market/{symbol}/orders" -> Map.of("clientOrderId", "", "side", "BUY", "type", "LIMIT",
                    "timeInForce", "GTC", "price", "1.50", "quantity", "1");
            case "POST /orders/{orderId}/amend" -> Map.of("price", MatrixWorld.AMENDED_PRICE);
            default -> Map.of();
        };
    }

    /** Sends the probe as {@code caller}, with the Accept header a client of that kind of endpoint sends. */
    Reply send(Endpoint endpoint, MatrixCaller caller, int port) {
        var headers = new ArrayList<>(caller.headers(endpoint.isWrite() && form == null));
        headers.addAll(this.headers);
        var browser = caller.browser(port);
        if (form != null) {
            var fields = new LinkedHashMap<>(form);
            if (caller.csrfToken() != null) {
                fields.put("_csrf", caller.csrfToken());
            }
            return browser.postForm(path, fields, headers.toArray(String[]::new));
        }
        headers.add("Accept");
        headers.add(accept(endpoint));
        String method = endpoint.method().equals("ANY") ? "GET" : endpoint.method();
        if (method.equals("GET")) {
            return browser.get(path, headers.toArray(String[]::new));
        }
        return browser.sendJson(method, path, json, headers.toArray(String[]::new));
    }

    private static String accept(Endpoint endpoint) {
        if (!endpoint.produces().isEmpty()) {
            return String.join(", ", endpoint.produces());
        }
        boolean machine = endpoint.path().startsWith("/api/") || endpoint.path().startsWith("/internal/");
        return machine ? "application/json" : "text/html,application/xhtml+xml";
    }
}
