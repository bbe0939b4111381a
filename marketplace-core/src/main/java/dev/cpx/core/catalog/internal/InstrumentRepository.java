package dev.cpx.core.catalog.internal;

import java.time.Instant;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface InstrumentRepository extends JpaRepository<InstrumentEntity, Long> {

    Optional<InstrumentEntity> findBySymbol(String symbol);

    @Query("select count(i) from InstrumentEntity i where i.gateClosureAt > :now")
    long countOpen(@Param("now") Instant now);
}
