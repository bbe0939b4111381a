package dev.cpx.web.api.catalog;

import dev.cpx.core.catalog.ComputeClassView;
import dev.cpx.core.catalog.InstrumentView;
import dev.cpx.core.catalog.NodeView;
import dev.cpx.core.catalog.RegionView;
import dev.cpx.core.market.BookView;
import dev.cpx.core.market.MarketHalts;
import dev.cpx.core.money.Money;
import java.math.BigDecimal;

/** The catalog's JSON shapes, as the API contract writes them (plus documented extra fields). */
final class CatalogResponses {

    private CatalogResponses() {
    }

    record ComputeClass(String code, String vendor, String model, String architecture, int memoryGb,
                        BigDecimal fp16Tflops, BigDecimal fp32Tflops, String scu, String memoryType,
                        int memoryBandwidthGbps, String interconnect, String source) {

        static ComputeClass of(ComputeClassView view) {
            return new ComputeClass(view.code(), view.vendor(), view.model(), view.architecture(), view.memoryGb(),
                    view.fp16Tflops(), view.fp32Tflops(), view.scu().toPlainString(), view.memoryType(),
                    view.memoryBandwidthGbps(), view.interconnect(), view.source());
        }
    }

    record Region(String code, String name, String country) {

        static Region of(RegionView view) {
            return new Region(view.code(), view.name(), view.country());
        }
    }

    /**
     * Prices are decimal strings, {@code null} while the instrument has no bid, ask or trade. {@code halted}: the
     * platform halted trading in it (or in its compute class); its status stays as it is.
     */
    record Instrument(String symbol, String computeClass, String region, String deliveryStart, String deliveryEnd,
                      long hours, String status, String bestBid, String bestAsk, String lastPrice,
                      String gateClosure, boolean halted) {

        static Instrument of(InstrumentView view, BookView quote, MarketHalts halts) {
            return new Instrument(view.symbol(), view.computeClass(), view.region(), view.deliveryStart().toString(),
                    view.deliveryEnd().toString(), view.hours(), view.status().name(), price(quote.bestBidTicks()),
                    price(quote.bestAskTicks()), price(quote.lastPriceTicks()), view.gateClosure().toString(),
                    view.status() == dev.cpx.core.catalog.InstrumentStatus.OPEN
                            && halts.halted(view.symbol(), view.computeClass()));
        }

        private static String price(Long ticks) {
            return ticks == null ? null : Money.format(ticks);
        }
    }

    record Node(String cpid, String computeClass, String region, String site, int gpuCount, String status,
                String registeredAt) {

        static Node of(NodeView view) {
            return new Node(view.cpid(), view.computeClass(), view.region(), view.site(), view.gpuCount(),
                    view.status().name(), view.registeredAt().toString());
        }
    }
}
