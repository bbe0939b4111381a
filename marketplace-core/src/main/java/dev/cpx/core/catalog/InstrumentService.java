package dev.cpx.core.catalog;

import dev.cpx.core.catalog.internal.InstrumentEntity;
import dev.cpx.core.catalog.internal.InstrumentRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads instruments with their status as of the market clock. */
@Service
public class InstrumentService {

    private final InstrumentRepository instruments;
    private final Clock clock;

    InstrumentService(InstrumentRepository instruments, Clock clock) {
        this.instruments = instruments;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<InstrumentView> search(InstrumentQuery query) {
        Instant now = clock.instant();
        InstrumentStatus status = query.status();
        Instant gateAfter = status == InstrumentStatus.OPEN ? now : null;
        Instant gateAtOrBefore = status == InstrumentStatus.CLOSED ? now : null;
        Instant startAfter = status == InstrumentStatus.CLOSED ? now : null;
        Instant startAtOrBefore = status == InstrumentStatus.DELIVERING ? now : null;
        Instant endAfter = status == InstrumentStatus.DELIVERING ? now : null;
        Instant endAtOrBefore = status == InstrumentStatus.DELIVERED ? now : null;
        // Offsets are not page-aligned, so read up to the window's end and skip; both are bounded by InstrumentQuery.
        var page = PageRequest.of(0, query.offset() + query.limit());
        return instruments.search(query.computeClass(), query.region(), query.from(), query.to(), gateAfter,
                        gateAtOrBefore, startAfter, startAtOrBefore, endAfter, endAtOrBefore, page)
                .stream().skip(query.offset()).map(i -> i.view(now)).toList();
    }

    @Transactional(readOnly = true)
    public Optional<InstrumentView> bySymbol(String symbol) {
        Instant now = clock.instant();
        return instruments.findBySymbol(symbol).map(i -> i.view(now));
    }

    @Transactional(readOnly = true)
    public long countOpen() {
        return instruments.countOpen(clock.instant());
    }
}
