package dev.cpx.web.portal.market;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.UUID;

/**
 * The order ticket as posted. The client order id is generated when the ticket is shown, so submitting the
 * same ticket twice places one order.
 */
public class OrderTicket {

    static final long MAX_QUANTITY = 100_000;

    @NotBlank
    @Pattern(regexp = "[A-Za-z0-9._:-]{1,64}", message = "reload the page and submit again")
    private String clientOrderId;
    @NotBlank(message = "choose buy or sell")
    @Pattern(regexp = "BUY|SELL", message = "choose buy or sell")
    private String side = "BUY";
    @NotBlank(message = "choose limit or market")
    @Pattern(regexp = "LIMIT|MARKET", message = "choose limit or market")
    private String type = "LIMIT";
    @NotBlank(message = "choose a time in force")
    @Pattern(regexp = "GTC|IOC|FOK", message = "choose GTC, IOC or FOK")
    private String timeInForce = "GTC";
    private String price;
    @NotNull(message = "enter the number of GPUs")
    @Min(value = 1, message = "at least 1 GPU")
    @Max(value = MAX_QUANTITY, message = "at most " + MAX_QUANTITY + " GPUs")
    private Long quantity = 1L;

    static OrderTicket fresh(String side, String price) {
        var ticket = new OrderTicket();
        ticket.clientOrderId = "web-" + UUID.randomUUID();
        ticket.side = side;
        ticket.price = price;
        return ticket;
    }

    boolean limit() {
        return "LIMIT".equals(type);
    }

    public String getClientOrderId() {
        return clientOrderId;
    }

    public void setClientOrderId(String clientOrderId) {
        this.clientOrderId = clientOrderId;
    }

    public String getSide() {
        return side;
    }

    public void setSide(String side) {
        this.side = side;
    }

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public String getTimeInForce() {
        return timeInForce;
    }

    public void setTimeInForce(String timeInForce) {
        this.timeInForce = timeInForce;
    }

    public String getPrice() {
        return price;
    }

    public void setPrice(String price) {
        this.price = price == null ? null : price.strip();
    }

    public Long getQuantity() {
        return quantity;
    }

    public void setQuantity(Long quantity) {
        this.quantity = quantity;
    }
}
