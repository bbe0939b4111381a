package dev.cpx.benchmarks.settlement;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the application's GC log ({@code -Xlog:gc:file=...:utctime}) for the heap over a time window: the most used
 * before a collection (the peak the window reached), the most still live after one, the committed heap, and how
 * many collections and how long they paused.
 */
final class GcLog {

    private static final Pattern LINE = Pattern.compile(
            "^\\[([^\\]]+)\\].*GC\\(\\d+\\) Pause.* (\\d+)M->(\\d+)M\\((\\d+)M\\) ([0-9.]+)ms");
    /** ZGC's collections run beside the application: a cycle's time is not a pause, and no committed size is given. */
    private static final Pattern ZGC_LINE = Pattern.compile(
            "^\\[([^\\]]+)\\].*GC\\(\\d+\\) (?:Major|Minor) Collection \\([^)]*\\) (\\d+)M\\(\\d+%\\)->(\\d+)M"
                    + "\\(\\d+%\\) ([0-9.]+)s");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    record Window(long pauses, double pauseMillis, long peakBeforeMb, long peakAfterMb, long committedMb,
                  long concurrentCycles, double cycleMillis) {

        String describe() {
            if (concurrentCycles > 0) {
                return String.format(Locale.ROOT, "%d concurrent collections (%.0f ms of cycles beside the "
                        + "application), heap peak %d MB used before a collection, at most %d MB live after one",
                        concurrentCycles, cycleMillis, peakBeforeMb, peakAfterMb);
            }
            return String.format(Locale.ROOT, "%d GC pauses (%.0f ms in all), heap peak %d MB used before a "
                    + "collection, at most %d MB live after one, %d MB committed", pauses, pauseMillis, peakBeforeMb,
                    peakAfterMb, committedMb);
        }
    }

    /**
     * The most heap used (survivors, eden and old generation; MB) among {@code jstat -gc} samples taken between
     * {@code from} and {@code to}, each line prefixed with its wall-clock epoch seconds; -1 without samples.
     */
    static long sampledPeakMb(Path samples, Instant from, Instant to) throws IOException {
        if (samples == null || !Files.exists(samples)) {
            return -1;
        }
        java.util.List<String> header = null;
        double peakKb = -1;
        for (String line : Files.readAllLines(samples)) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length < 2) {
                continue;
            }
            if (parts[1].equals("S0C")) {
                header = java.util.Arrays.asList(parts).subList(1, parts.length);
                continue;
            }
            if (header == null || parts.length != header.size() + 1) {
                continue;
            }
            try {
                double epoch = Double.parseDouble(parts[0]);
                Instant at = Instant.ofEpochMilli((long) (epoch * 1000));
                if (at.isBefore(from) || at.isAfter(to)) {
                    continue;
                }
                double used = 0;
                for (String column : java.util.List.of("S0U", "S1U", "EU", "OU")) {
                    String value = parts[1 + header.indexOf(column)];
                    // ZGC has no survivor spaces: jstat prints "-".
                    used += value.equals("-") ? 0 : Double.parseDouble(value);
                }
                peakKb = Math.max(peakKb, used);
            } catch (RuntimeException e) {
                // a partial line
            }
        }
        return peakKb < 0 ? -1 : (long) (peakKb / 1024);
    }

    static Window window(Path log, Instant from, Instant to) throws IOException {
        long pauses = 0;
        double millis = 0;
        long before = 0;
        long after = 0;
        long committed = 0;
        if (log == null || !Files.exists(log)) {
            return new Window(0, 0, -1, -1, -1, 0, 0);
        }
        long cycles = 0;
        double cycleMillis = 0;
        for (String line : Files.readAllLines(log)) {
            Matcher z = ZGC_LINE.matcher(line);
            if (z.find()) {
                Instant at = parsed(z.group(1));
                if (at != null && !at.isBefore(from) && !at.isAfter(to)) {
                    cycles++;
                    cycleMillis += Double.parseDouble(z.group(4)) * 1000;
                    before = Math.max(before, Long.parseLong(z.group(2)));
                    after = Math.max(after, Long.parseLong(z.group(3)));
                }
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.find()) {
                continue;
            }
            Instant at;
            try {
                at = OffsetDateTime.parse(m.group(1), TIME).toInstant();
            } catch (RuntimeException e) {
                continue;
            }
            if (at.isBefore(from) || at.isAfter(to)) {
                continue;
            }
            pauses++;
            millis += Double.parseDouble(m.group(5));
            before = Math.max(before, Long.parseLong(m.group(2)));
            after = Math.max(after, Long.parseLong(m.group(3)));
            committed = Math.max(committed, Long.parseLong(m.group(4)));
        }
        return new Window(pauses, millis, before, after, committed, cycles, cycleMillis);
    }

    private static Instant parsed(String time) {
        try {
            return OffsetDateTime.parse(time, TIME).toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
