package dev.cpx.settlement.alerts;

import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.CpxException.FieldError;
import dev.cpx.core.problem.ErrorCode;
import dev.cpx.settlement.alerts.internal.AlertStore;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** An organization's alert settings and delivery log; the deliveries themselves are {@link AlertJob}'s. */
@Service
public class AlertService {

    public static final int MAX_LOG = 200;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s\\p{Cntrl}]{1,64}@[A-Za-z0-9.-]{1,189}\\.[A-Za-z]{2,24}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AlertStore store;
    private final Clock clock;

    AlertService(AlertStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** What the caller asks for; null or blank removes a channel or a threshold. */
    public record Changes(String email, String webhookUrl, Long lowBalanceMinor, Long dailySpendMinor) {
    }

    @Transactional(readOnly = true)
    public AlertSettings settings(long organizationId) {
        return store.settings(organizationId).orElse(new AlertSettings(null, null, null, null, null));
    }

    /** Saves the settings; every field that fails is named at once. A new webhook gets a new signing secret. */
    @Transactional
    public AlertSettings save(long organizationId, Changes changes) {
        String email = blankToNull(changes.email());
        String webhook = blankToNull(changes.webhookUrl());
        var errors = new ArrayList<FieldError>();
        if (email != null && !EMAIL.matcher(email).matches()) {
            errors.add(new FieldError("email", "an e-mail address such as finance@example.com"));
        }
        if (webhook != null && !webhookUrl(webhook)) {
            errors.add(new FieldError("webhookUrl", "an http or https URL of at most 500 characters"));
        }
        for (var threshold : List.of(new Object[] {"lowBalance", changes.lowBalanceMinor()},
                new Object[] {"dailySpend", changes.dailySpendMinor()})) {
            if (threshold[1] != null && (Long) threshold[1] < 0) {
                errors.add(new FieldError((String) threshold[0], "an amount of 0.00 or more"));
            }
        }
        if (!errors.isEmpty()) {
            throw new CpxException(ErrorCode.VALIDATION_FAILED, "alert settings not saved: "
                    + String.join(", ", errors.stream().map(FieldError::field).toList()), List.copyOf(errors));
        }
        var before = settings(organizationId);
        String secret = webhook == null ? null
                : webhook.equals(before.webhookUrl()) && before.webhookSecret() != null ? before.webhookSecret()
                : "whsec_cpx_" + HexFormat.of().formatHex(RANDOM.generateSeed(16));
        var settings = new AlertSettings(email, webhook, secret, changes.lowBalanceMinor(), changes.dailySpendMinor());
        store.save(organizationId, settings, clock.instant());
        return settings;
    }

    /**
     * Queues an alert for every channel the organization set, once per {@code key} (a second call with the same key
     * queues nothing); joins the caller's transaction, so the alert exists only if what it tells about committed.
     */
    @Transactional
    public void raise(long organizationId, String kind, String key, String subject, String body) {
        var settings = store.settings(organizationId).orElse(null);
        if (settings == null) {
            return;
        }
        var now = clock.instant();
        if (settings.email() != null) {
            store.enqueue(organizationId, kind, key + ":email", "EMAIL", settings.email(), subject, body, now);
        }
        if (settings.webhookUrl() != null) {
            store.enqueue(organizationId, kind, key + ":webhook", "WEBHOOK", settings.webhookUrl(), subject,
                    "{\"kind\":\"" + kind + "\",\"key\":\"" + key + "\",\"subject\":\"" + json(subject)
                            + "\",\"text\":\"" + json(body) + "\",\"at\":\"" + now + "\"}", now);
        }
    }

    private static String json(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    @Transactional(readOnly = true)
    public List<AlertDelivery> deliveries(long organizationId, int limit) {
        return store.log(organizationId, Math.clamp(limit, 1, MAX_LOG));
    }

    private static boolean webhookUrl(String text) {
        if (text.length() > 500) {
            return false;
        }
        try {
            URI uri = URI.create(text);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
