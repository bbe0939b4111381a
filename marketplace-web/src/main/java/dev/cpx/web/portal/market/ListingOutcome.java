package dev.cpx.web.portal.market;

import dev.cpx.core.market.BlockOrderView;
import dev.cpx.core.money.Money;
import dev.cpx.core.problem.CpxException;
import java.io.Serializable;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What listing a range of hours came to, carried in the flash to the capacity group it was sent from: a tone
 * (success, info, error), the sentence to show, field messages, and the form to show again ({@code null} after a
 * listing, when the group offers fresh defaults).
 */
record ListingOutcome(String group, String tone, String message, Map<String, String> fieldErrors,
                      ListHoursForm form) implements Serializable {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneOffset.UTC);

    ListingOutcome {
        fieldErrors = new LinkedHashMap<>(fieldErrors);
    }

    /** The block was placed now, or had been by the same form before (sent twice): either way, what is listed. */
    static ListingOutcome listed(ListHoursForm form, BlockOrderView block, boolean created) {
        long hours = block.orders().size();
        // The block covers exactly [start, end): its GPU-hours are the GPUs of each hour times the hours.
        long gpuHours = form.getQuantity() * Duration.between(block.start(), block.end()).toHours();
        String what = hours + " hour" + (hours == 1 ? "" : "s") + " of " + form.getComputeClass() + " in "
                + form.getRegion() + ": " + form.getQuantity() + " GPU" + (form.getQuantity() == 1 ? "" : "s")
                + " each hour at " + Money.format(block.orders().getFirst().priceTicks()) + " per GPU-hour, "
                + WHEN.format(block.start()) + " to " + WHEN.format(block.end()) + " UTC ("
                + String.format(Locale.ROOT, "%,d", gpuHours) + " GPU-hours).";
        String sold = block.filledGpuHours() == 0 ? "" : " " + block.filledGpuHours() + " GPU-hours sold at once, at "
                + "an average of " + Money.formatAverage(block.valueMinor(), block.filledGpuHours()) + ".";
        return created
                ? new ListingOutcome(form.group(), "success", "Listed " + what + sold, Map.of(), null)
                : new ListingOutcome(form.group(), "info", "Already listed from this form (it was sent twice), "
                        + "nothing new: " + what + sold, Map.of(), null);
    }

    /** The market refused the block: nothing was listed, and the rule says why. */
    static ListingOutcome refused(ListHoursForm form, CpxException refusal) {
        return new ListingOutcome(form.group(), "error", "Nothing was listed. " + refusal.errorCode().title() + ": "
                + refusal.detail(), Map.of(), form.again());
    }

    /** The form is incomplete or wrong: its fields say what to change. */
    static ListingOutcome invalid(ListHoursForm form, Map<String, String> fieldErrors) {
        return new ListingOutcome(form.group(), "error", "Nothing was listed: check the fields marked below.",
                fieldErrors, form);
    }

    /** When the form's group is the one being shown. */
    boolean belongsTo(String group) {
        return this.group.equals(group);
    }
}
