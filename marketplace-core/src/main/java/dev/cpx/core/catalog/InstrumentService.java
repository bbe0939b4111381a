package dev.cpx.core.catalog;

import dev.cpx.core.catalog.internal.InstrumentEntity;
import dev.cpx.core.catalog.internal.InstrumentRepository;
import dev.cpx.core.catalog.internal.InstrumentTable;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads instruments with their status as of the market clock. */
@Service
public class InstrumentService {

    private final InstrumentRepository instruments;
    private final InstrumentTable table;
    private final Clock clock;

    InstrumentService(InstrumentRepository instruments, InstrumentTable table, Clock clock) {
        this.instruments = instruments;
        this.table = table;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<InstrumentView> search(InstrumentQuery query) {
        return table.page(filter(query, clock.instant()), InstrumentOrder.BY_DELIVERY, query.offset(), query.limit(),
                clock.instant());
    }

    /** A page of {@code query} in {@code order}, with the number of instruments matching in all. */
    @Transactional(readOnly = true)
    public InstrumentPage page(InstrumentQuery query, InstrumentOrder order) {
        Instant now = clock.instant();
        InstrumentTable.Filter filter = filter(query, now);
        return new InstrumentPage(table.page(filter, order, query.offset(), query.limit(), now), table.count(filter));
    }

    private static InstrumentTable.Filter filter(InstrumentQuery query, Instant now) {
        InstrumentStatus status = query.status();
        return new InstrumentTable.Filter(query.computeClass(), query.region(), query.from(), query.to(),
                status == InstrumentStatus.OPEN ? now : null,
                status == InstrumentStatus.CLOSED ? now : null,
                status == InstrumentStatus.CLOSED ? now : null,
                status == InstrumentStatus.DELIVERING ? now : null,
                status == InstrumentStatus.DELIVERING ? now : null,
                status == InstrumentStatus.DELIVERED ? now : null,
                query.minMemoryGb(), query.offeredOnly());
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
