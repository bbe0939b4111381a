package dev.cpx.settlement.alerts;

/**
 * Where an organization's alerts go (an e-mail address, a webhook URL; null for none) and its thresholds in minor
 * units (null for none): available below {@code lowBalanceMinor}, today's spend above {@code dailySpendMinor}.
 * {@code webhookSecret} signs webhook bodies; CPX makes it when a webhook is first set.
 */
public record AlertSettings(String email, String webhookUrl, String webhookSecret, Long lowBalanceMinor,
                            Long dailySpendMinor) {
}
