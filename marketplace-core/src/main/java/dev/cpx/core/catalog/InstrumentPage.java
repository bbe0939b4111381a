package dev.cpx.core.catalog;

import java.util.List;

/** One page of instruments and how many match the filter in all. */
public record InstrumentPage(List<InstrumentView> instruments, long total) {
}
