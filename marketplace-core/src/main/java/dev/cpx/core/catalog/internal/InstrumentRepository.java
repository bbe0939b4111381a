package dev.cpx.core.catalog.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface InstrumentRepository extends JpaRepository<InstrumentEntity, Long> {

    Optional<InstrumentEntity> findBySymbol(String symbol);

    @Query("select i.symbol from InstrumentEntity i where i.deliveryStart >= :from")
    List<String> symbolsDeliveringFrom(@Param("from") Instant from);

    /**
     * Filters by class, region, delivery window and a status expressed as bounds on the clock: status is a
     * function of now and the instrument's three instants, so it is never stored and never stale.
     */
    @Query("""
            select i from InstrumentEntity i
            where (:cls is null or i.computeClassCode = :cls)
              and (:region is null or i.regionCode = :region)
              and (:from is null or i.deliveryStart >= :from)
              and (:to is null or i.deliveryStart < :to)
              and (:gateAfter is null or i.gateClosureAt > :gateAfter)
              and (:gateAtOrBefore is null or i.gateClosureAt <= :gateAtOrBefore)
              and (:startAfter is null or i.deliveryStart > :startAfter)
              and (:startAtOrBefore is null or i.deliveryStart <= :startAtOrBefore)
              and (:endAfter is null or i.deliveryEnd > :endAfter)
              and (:endAtOrBefore is null or i.deliveryEnd <= :endAtOrBefore)
            order by i.deliveryStart, i.computeClassCode, i.regionCode""")
    List<InstrumentEntity> search(@Param("cls") String computeClass, @Param("region") String region,
                                  @Param("from") Instant from, @Param("to") Instant to,
                                  @Param("gateAfter") Instant gateAfter,
                                  @Param("gateAtOrBefore") Instant gateAtOrBefore,
                                  @Param("startAfter") Instant startAfter,
                                  @Param("startAtOrBefore") Instant startAtOrBefore,
                                  @Param("endAfter") Instant endAfter,
                                  @Param("endAtOrBefore") Instant endAtOrBefore,
                                  Pageable page);

    @Query("select count(i) from InstrumentEntity i where i.gateClosureAt > :now")
    long countOpen(@Param("now") Instant now);
}
