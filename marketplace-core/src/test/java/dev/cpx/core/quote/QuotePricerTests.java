package dev.cpx.core.quote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.core.market.BookView;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The pricer against a naive model on seeded random calendars and books, hourly and daily instruments alike. */
class QuotePricerTests {

    private static final long HOUR = 3_600_000L;
    private static final long DAY0 = Instant.parse("2030-01-01T00:00:00Z").toEpochMilli();

    static LongStream seeds() {
        return LongStream.range(1, 301);
    }

    /** One random world: classes, regions, instruments of one length, asks and a job shape. */
    private record World(List<QuotePricer.ClassSpec> classes, List<String> regions,
                         Map<String, List<QuotePricer.Slot>> slots, Map<Long, List<BookView.Level>> asks,
                         JobShape shape, long now) {

        QuotePricer.Calendar calendar() {
            return (c, r) -> slots.getOrDefault(c + "|" + r, List.of());
        }

        QuotePricer.Asks askSource() {
            return ids -> {
                var found = new HashMap<Long, List<BookView.Level>>();
                ids.forEach(id -> {
                    if (asks.containsKey(id)) {
                        found.put(id, asks.get(id));
                    }
                });
                return found;
            };
        }
    }

    private static World world(long seed) {
        var random = new Random(seed);
        long instrumentHours = random.nextBoolean() ? 1 : 24;
        var classes = new ArrayList<QuotePricer.ClassSpec>();
        for (int c = 0; c < 1 + random.nextInt(3); c++) {
            classes.add(new QuotePricer.ClassSpec("C" + c, BigDecimal.valueOf(1 + random.nextInt(2000), 2),
                    16 * (1 + random.nextInt(8))));
        }
        List<String> regions = List.of("R0", "R1").subList(0, 1 + random.nextInt(2));
        var slots = new HashMap<String, List<QuotePricer.Slot>>();
        var asks = new HashMap<Long, List<BookView.Level>>();
        long id = 1;
        long now = DAY0 + random.nextInt(6) * HOUR;
        int count = (int) (96 / instrumentHours) + 2;
        for (var spec : classes) {
            for (String region : regions) {
                var list = new ArrayList<QuotePricer.Slot>();
                for (int k = 0; k < count; k++) {
                    if (random.nextInt(12) == 0) {
                        continue; // a gap in the listing
                    }
                    long start = DAY0 + k * instrumentHours * HOUR;
                    list.add(new QuotePricer.Slot(id, start, start + instrumentHours * HOUR, start - HOUR));
                    var levels = new ArrayList<BookView.Level>();
                    long price = 100 + random.nextInt(300);
                    for (int l = 0; l < random.nextInt(4); l++) {
                        price += 1 + random.nextInt(50);
                        levels.add(new BookView.Level(price, 1 + random.nextInt(6), 1));
                    }
                    if (!levels.isEmpty()) {
                        asks.put(id, List.copyOf(levels));
                    }
                    id++;
                }
                slots.put(spec.code() + "|" + region, list);
            }
        }
        int durationHours = (int) (instrumentHours * (1 + random.nextInt(instrumentHours == 1 ? 30 : 2)));
        Instant earliest = Instant.ofEpochMilli(DAY0 + random.nextInt(24) * HOUR);
        Instant latest = earliest.plusMillis(random.nextInt(48) * HOUR);
        boolean byScu = random.nextBoolean();
        var shape = new JobShape(byScu ? null : 1L + random.nextInt(8),
                byScu ? BigDecimal.valueOf(1 + random.nextInt(5000), 2) : null, durationHours, earliest, latest,
                List.of(), random.nextBoolean() ? BigDecimal.valueOf(random.nextInt(1000), 2) : null,
                random.nextBoolean() ? 16 * random.nextInt(8) : null, List.of(),
                random.nextBoolean() ? (long) (150 + random.nextInt(300)) : null);
        return new World(classes, regions, slots, asks, shape, now);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void candidatesMatchANaiveModelCheapestTotalFirst(long seed) {
        World world = world(seed);

        List<Candidate> priced = QuotePricer.price(world.shape(), world.classes(), world.regions(), world.calendar(),
                world.askSource(), world.now());

        assertThat(priced).as("seed %d", seed).containsExactlyInAnyOrderElementsOf(naive(world));
        for (int i = 1; i < priced.size(); i++) {
            assertThat(QuotePricer.ORDER.compare(priced.get(i - 1), priced.get(i))).as("seed %d at %d", seed, i)
                    .isNegative();
        }
        for (Candidate c : priced) {
            assertThat(c.end()).as("seed %d", seed).isEqualTo(c.start().plusSeconds(3600L
                    * world.shape().durationHours()));
            if (c.feasible()) {
                assertThat(c.limitPriceTicks() * c.gpuHours()).as("seed %d", seed).isGreaterThanOrEqualTo(c.totalMinor());
                assertThat((c.limitPriceTicks() - 1) * c.gpuHours()).as("seed %d", seed).isLessThan(c.totalMinor());
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void scuBecomesTheFewestWholeGpusThatCoverIt(long seed) {
        var random = new Random(seed);
        BigDecimal scu = BigDecimal.valueOf(1 + random.nextInt(1_000_000), random.nextInt(3));
        BigDecimal perGpu = BigDecimal.valueOf(1 + random.nextInt(5000), 2);
        var shape = new JobShape(null, scu, 1, Instant.EPOCH, Instant.EPOCH, null, null, null, null, null);

        long gpus = QuotePricer.gpusFor(shape, perGpu);

        assertThat(perGpu.multiply(BigDecimal.valueOf(gpus))).as("seed %d", seed).isGreaterThanOrEqualTo(scu);
        assertThat(perGpu.multiply(BigDecimal.valueOf(gpus - 1))).as("seed %d", seed).isLessThan(scu);
    }

    @Test
    void anExactMultipleOfTheClassScuNeedsNoExtraGpu() {
        var shape = new JobShape(null, new BigDecimal("39.60"), 24, Instant.EPOCH, Instant.EPOCH, null, null, null,
                null, null);

        assertThat(QuotePricer.gpusFor(shape, new BigDecimal("9.90"))).isEqualTo(4);
        assertThat(QuotePricer.gpusFor(shape, new BigDecimal("9.89"))).isEqualTo(5);
    }

    @Test
    void aDayOfDailyOrHourlyInstrumentsCostsTheSameFromTheSameAsks() {
        long start = DAY0 + 24 * HOUR;
        var hourly = new ArrayList<QuotePricer.Slot>();
        var asks = new HashMap<Long, List<BookView.Level>>();
        for (int h = 0; h < 24; h++) {
            hourly.add(new QuotePricer.Slot(h + 1, start + h * HOUR, start + (h + 1) * HOUR, start - HOUR));
            asks.put(h + 1L, List.of(new BookView.Level(200, 2, 1), new BookView.Level(250, 5, 1)));
        }
        var daily = List.of(new QuotePricer.Slot(100, start, start + 24 * HOUR, start - HOUR));
        asks.put(100L, List.of(new BookView.Level(200, 2, 1), new BookView.Level(250, 5, 1)));
        var shape = new JobShape(3L, null, 24, Instant.ofEpochMilli(start), Instant.ofEpochMilli(start), null, null,
                null, null, null);
        var classes = List.of(new QuotePricer.ClassSpec("C", BigDecimal.ONE, 80));
        QuotePricer.Asks source = ids -> asks;

        var byHour = QuotePricer.price(shape, classes, List.of("R"), (c, r) -> hourly, source, DAY0);
        var byDay = QuotePricer.price(shape, classes, List.of("R"), (c, r) -> daily, source, DAY0);

        // 3 GPUs: 2 at 2.00 and 1 at 2.50, 24 hours
        assertThat(byHour).singleElement().satisfies(c -> assertThat(c.totalMinor()).isEqualTo(650 * 24));
        assertThat(byDay).isEqualTo(byHour);
    }

    /** Every whole-hour start, window by window, instrument by instrument, unit by unit. */
    private static List<Candidate> naive(World world) {
        JobShape shape = world.shape();
        var out = new ArrayList<Candidate>();
        for (var spec : world.classes()) {
            long gpus = shape.gpus() != null ? shape.gpus() : naiveGpus(shape.scu(), spec.scuPerGpu());
            for (String region : world.regions()) {
                var slots = world.slots().getOrDefault(spec.code() + "|" + region, List.of());
                for (long s = shape.earliestStart().toEpochMilli(); s <= shape.latestStart().toEpochMilli(); s += HOUR) {
                    long end = s + shape.durationHours() * HOUR;
                    long at = s;
                    long total = 0;
                    boolean thin = false;
                    boolean tiled = true;
                    while (at < end) {
                        final long from = at;
                        var slot = slots.stream().filter(x -> x.startMillis() == from).findFirst().orElse(null);
                        if (slot == null || world.now() >= slot.gateClosureMillis()) {
                            tiled = false;
                            break;
                        }
                        var units = new ArrayList<Long>();
                        world.asks().getOrDefault(slot.instrumentId(), List.of())
                                .forEach(l -> LongStream.range(0, l.quantity()).forEach(u -> units.add(l.priceTicks())));
                        units.sort(null);
                        if (units.size() < gpus) {
                            thin = true;
                        } else {
                            long hours = (slot.endMillis() - slot.startMillis()) / HOUR;
                            for (int u = 0; u < gpus; u++) {
                                total += units.get(u) * hours;
                            }
                        }
                        at = slot.endMillis();
                    }
                    if (!tiled || at != end) {
                        continue;
                    }
                    String reason = null;
                    if (shape.minMemoryGb() != null && spec.memoryGb() < shape.minMemoryGb()) {
                        reason = "memory";
                    } else if (shape.minScuPerGpu() != null && spec.scuPerGpu().compareTo(shape.minScuPerGpu()) < 0) {
                        reason = "min-scu";
                    } else if (thin) {
                        reason = "no-capacity";
                    } else if (shape.maxPricePerGpuHourTicks() != null
                            && total > shape.maxPricePerGpuHourTicks() * gpus * shape.durationHours()) {
                        reason = "over-price";
                    }
                    out.add(new Candidate(spec.code(), region, Instant.ofEpochMilli(s), Instant.ofEpochMilli(end), gpus,
                            spec.scuPerGpu(), thin ? null : total, reason));
                }
            }
        }
        return out;
    }

    private static long naiveGpus(BigDecimal scu, BigDecimal perGpu) {
        long gpus = 0;
        while (perGpu.multiply(BigDecimal.valueOf(gpus)).compareTo(scu) < 0) {
            gpus++;
        }
        return gpus;
    }
}
