package dev.cpx.web.config;

import dev.cpx.settlement.payout.PayoutSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Payout settings ({@code cpx.payouts.*}); Stripe Connect uses the Stripe keys of {@code cpx.payments.*}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PayoutConfiguration.PayoutProperties.class)
class PayoutConfiguration {

    /**
     * @param debtorName       the platform's name as the bank file's debtor and initiating party
     * @param debtorIban       the platform's account bank-file payouts are paid from
     * @param debtorBic        its bank's BIC
     * @param retryAfter       how long a Stripe transfer that got no answer (or 429/5xx) waits before the same call
     * @param maxPayoutsPerRun the most organizations one run pays
     */
    @ConfigurationProperties("cpx.payouts")
    record PayoutProperties(@DefaultValue("CPX Compute Power Exchange") String debtorName,
                            @DefaultValue("DE89370400440532013000") String debtorIban,
                            @DefaultValue("COBADEFFXXX") String debtorBic,
                            @DefaultValue("PT1M") Duration retryAfter,
                            @DefaultValue("1000") int maxPayoutsPerRun) {
    }

    @Bean
    PayoutSettings payoutSettings(PayoutProperties properties) {
        return new PayoutSettings(properties.debtorName(), properties.debtorIban(), properties.debtorBic(),
                properties.retryAfter(), properties.maxPayoutsPerRun());
    }
}
