package dev.cpx.web.portal.market;

import dev.cpx.core.engine.Side;
import dev.cpx.core.identity.OrganizationView;
import dev.cpx.core.market.PlaceBlockOrder;
import dev.cpx.core.market.core.MarketCore;
import dev.cpx.core.money.Money;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.format.annotation.DateTimeFormat;

/**
 * The capacity page's form that lists one class in one region over a range of hours in one action: a SELL block,
 * one ask per hour. The client order id is generated when the form is shown, so sending it twice lists once. Kept
 * in the flash after a refusal (so it is serializable), to show the entered values again.
 */
public class ListHoursForm implements Serializable {

    /** A week: what the form offers to list unless told otherwise. */
    static final int DEFAULT_HOURS = 168;

    @NotBlank(message = "reload the page and submit again")
    @Pattern(regexp = "[A-Za-z0-9._-]{1,58}", message = "reload the page and submit again")
    private String clientOrderId;
    @NotBlank(message = "choose a compute class")
    private String computeClass;
    @NotBlank(message = "choose a region")
    private String region;
    @NotNull(message = "enter the first day")
    @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
    private LocalDate startDate;
    @NotNull(message = "choose the first hour")
    @Min(value = 0, message = "an hour from 00 to 23")
    @Max(value = 23, message = "an hour from 00 to 23")
    private Integer startHour;
    @NotNull(message = "enter how many hours")
    @Min(value = 1, message = "at least 1 hour")
    @Max(value = MarketCore.MAX_BLOCK_INSTRUMENTS, message = "at most " + MarketCore.MAX_BLOCK_INSTRUMENTS
            + " hours (14 days) in one listing")
    private Integer hours = DEFAULT_HOURS;
    @NotNull(message = "enter the GPUs to offer each hour")
    @Min(value = 1, message = "at least 1 GPU")
    @Max(value = OrderTicket.MAX_QUANTITY, message = "at most " + OrderTicket.MAX_QUANTITY + " GPUs")
    private Long quantity;
    @NotBlank(message = "enter a price per GPU-hour such as 2.50")
    private String price;
    private String project;

    /** A new form for a class and region, starting at {@code start} with {@code quantity} GPUs an hour. */
    static ListHoursForm fresh(String computeClass, String region, Instant start, long quantity, int hours) {
        var form = new ListHoursForm();
        form.clientOrderId = "web-" + UUID.randomUUID();
        form.computeClass = computeClass;
        form.region = region;
        form.startDate = LocalDate.ofInstant(start, ZoneOffset.UTC);
        form.startHour = start.atZone(ZoneOffset.UTC).getHour();
        form.hours = hours;
        form.quantity = quantity;
        return form;
    }

    /** The same entries under a new client order id: after a refusal the next submission is a new attempt. */
    ListHoursForm again() {
        var copy = new ListHoursForm();
        copy.clientOrderId = "web-" + UUID.randomUUID();
        copy.computeClass = computeClass;
        copy.region = region;
        copy.startDate = startDate;
        copy.startHour = startHour;
        copy.hours = hours;
        copy.quantity = quantity;
        copy.price = price;
        copy.project = project;
        return copy;
    }

    Instant start() {
        return startDate.atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofHours(startHour));
    }

    Instant end() {
        return start().plus(Duration.ofHours(hours));
    }

    /** The block as the API would place it; the price must have been checked with {@link Money#parseMinor}. */
    PlaceBlockOrder toOrder(OrganizationView organization) {
        return new PlaceBlockOrder(organization, clientOrderId, computeClass.strip(), region.strip(), Side.SELL,
                quantity, start(), end(), Money.parseMinor(price),
                project == null || project.isBlank() ? null : project.strip());
    }

    /** Which capacity group the form belongs to. */
    String group() {
        return computeClass + " " + region;
    }

    public String getClientOrderId() {
        return clientOrderId;
    }

    public void setClientOrderId(String clientOrderId) {
        this.clientOrderId = clientOrderId;
    }

    public String getComputeClass() {
        return computeClass;
    }

    public void setComputeClass(String computeClass) {
        this.computeClass = computeClass;
    }

    public String getRegion() {
        return region;
    }

    public void setRegion(String region) {
        this.region = region;
    }

    public LocalDate getStartDate() {
        return startDate;
    }

    public void setStartDate(LocalDate startDate) {
        this.startDate = startDate;
    }

    public Integer getStartHour() {
        return startHour;
    }

    public void setStartHour(Integer startHour) {
        this.startHour = startHour;
    }

    public Integer getHours() {
        return hours;
    }

    public void setHours(Integer hours) {
        this.hours = hours;
    }

    public Long getQuantity() {
        return quantity;
    }

    public void setQuantity(Long quantity) {
        this.quantity = quantity;
    }

    public String getPrice() {
        return price;
    }

    public void setPrice(String price) {
        this.price = price == null ? null : price.strip();
    }

    public String getProject() {
        return project;
    }

    public void setProject(String project) {
        this.project = project;
    }
}
