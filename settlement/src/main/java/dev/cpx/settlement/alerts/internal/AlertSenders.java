package dev.cpx.settlement.alerts.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * E-mail through the configured SMTP server ({@code spring.mail.*}), and webhooks as a POST of the JSON body with
 * {@code CPX-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body" under the organization's secret>}, as Stripe
 * signs its own. A failure throws: the job retries.
 */
@Component
public class AlertSenders {

    private final ObjectProvider<JavaMailSender> mail;
    private final String from;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    AlertSenders(ObjectProvider<JavaMailSender> mail, @Value("${cpx.alerts.from:alerts@cpx.invalid}") String from,
                 Clock clock) {
        this.mail = mail;
        this.from = from;
        this.clock = clock;
    }

    public void send(AlertStore.Due due) {
        switch (due.channel()) {
            case "EMAIL" -> email(due);
            case "WEBHOOK" -> webhook(due);
            default -> throw new IllegalStateException("unknown alert channel " + due.channel());
        }
    }

    private void email(AlertStore.Due due) {
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null) {
            throw new IllegalStateException("no SMTP server is configured (spring.mail.host)");
        }
        var message = new SimpleMailMessage();
        message.setFrom(from);
        message.setTo(due.target());
        message.setSubject("[CPX] " + due.subject());
        message.setText(due.body() + "\n\nAlert settings: Account > Alerts on the CPX portal.");
        sender.send(message);
    }

    private void webhook(AlertStore.Due due) {
        long timestamp = clock.instant().getEpochSecond();
        var request = HttpRequest.newBuilder(URI.create(due.target())).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("CPX-Signature", "t=" + timestamp + ",v1=" + sign(due.secret(), timestamp + "." + due.body()))
                .POST(HttpRequest.BodyPublishers.ofString(due.body())).build();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status < 200 || status > 299) {
                throw new IllegalStateException("the webhook answered " + status);
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the webhook could not be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Hex HMAC-SHA256 of {@code signed} under {@code secret}. */
    public static String sign(String secret, String signed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }
}
