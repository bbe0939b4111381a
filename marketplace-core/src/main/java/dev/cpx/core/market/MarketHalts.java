package dev.cpx.core.market;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The halts in force, as committed, to mark halted instruments in lists and pages. */
public record MarketHalts(List<MarketHalt> halts, Set<String> instruments, Set<String> computeClasses) {

    public static MarketHalts of(List<MarketHalt> halts) {
        return new MarketHalts(List.copyOf(halts),
                halts.stream().map(MarketHalt::instrument).filter(java.util.Objects::nonNull)
                        .collect(Collectors.toUnmodifiableSet()),
                halts.stream().filter(h -> h.instrument() == null).map(MarketHalt::computeClass)
                        .collect(Collectors.toUnmodifiableSet()));
    }

    public boolean halted(String symbol, String computeClass) {
        return instruments.contains(symbol) || computeClasses.contains(computeClass);
    }
}
