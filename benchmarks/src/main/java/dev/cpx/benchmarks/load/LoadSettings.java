package dev.cpx.benchmarks.load;

import java.net.URI;
import java.time.Duration;
import java.util.Set;

/**
 * What one load run does, from the command line: {@code <baseUrl> <orders> <concurrency> <ratePerSecond>
 * <warmUpOrders> [maxSeconds] [--await-start]}. A rate of 0 sends as fast as {@code concurrency} clients can. With
 * {@code --await-start} the run stops between warm-up and measurement until a line arrives on standard input, so
 * that a script can read the database's counters at exactly that point. Every value has a limit, and only this
 * machine may be the target: this is a benchmark, not a load-testing tool for other hosts.
 */
record LoadSettings(URI baseUrl, int orders, int concurrency, int ratePerSecond, int warmUpOrders,
                    Duration maxDuration, boolean awaitStart) {

    static final int MAX_ORDERS = 1_000_000;
    static final int MAX_CONCURRENCY = 1_024;
    static final int MAX_RATE_PER_SECOND = 100_000;
    static final int MAX_SECONDS = 1_800;
    private static final Set<String> LOCAL_HOSTS = Set.of("127.0.0.1", "localhost");

    LoadSettings {
        if (baseUrl.getHost() == null || !LOCAL_HOSTS.contains(baseUrl.getHost())
                || !"http".equals(baseUrl.getScheme())) {
            throw new IllegalArgumentException("the target must be http://127.0.0.1:<port>, got " + baseUrl);
        }
        requireBetween("orders", orders, 1, MAX_ORDERS);
        requireBetween("concurrency", concurrency, 1, MAX_CONCURRENCY);
        requireBetween("rate", ratePerSecond, 0, MAX_RATE_PER_SECOND);
        requireBetween("warm-up orders", warmUpOrders, 0, MAX_ORDERS);
        requireBetween("max seconds", (int) maxDuration.toSeconds(), 1, MAX_SECONDS);
    }

    static final String AWAIT_START = "--await-start";

    static LoadSettings parse(String[] args) {
        boolean awaitStart = args.length > 0 && AWAIT_START.equals(args[args.length - 1]);
        int positional = awaitStart ? args.length - 1 : args.length;
        if (positional < 5 || positional > 6) {
            throw new IllegalArgumentException("usage: OrderLoad <baseUrl> <orders> <concurrency> <ratePerSecond|0> "
                    + "<warmUpOrders> [maxSeconds] [" + AWAIT_START + "]");
        }
        String base = args[0].endsWith("/") ? args[0].substring(0, args[0].length() - 1) : args[0];
        return new LoadSettings(URI.create(base), Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                Duration.ofSeconds(positional == 6 ? Integer.parseInt(args[5]) : 600), awaitStart);
    }

    boolean paced() {
        return ratePerSecond > 0;
    }

    String mode() {
        return paced() ? "paced " + ratePerSecond + "/s" : "max throughput";
    }

    private static void requireBetween(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", got " + value);
        }
    }
}
