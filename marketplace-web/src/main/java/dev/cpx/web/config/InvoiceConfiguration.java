package dev.cpx.web.config;

import dev.cpx.settlement.invoice.InvoiceSettings;
import dev.cpx.settlement.invoice.InvoiceView;
import java.util.HashMap;
import java.util.Locale;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the invoices' settings from {@code cpx.invoices.*}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(InvoiceProperties.class)
class InvoiceConfiguration {

    @Bean
    InvoiceSettings invoiceSettings(InvoiceProperties properties) {
        var organizations = new HashMap<String, InvoiceSettings.Tax>();
        // Organization codes are upper case; keys from environment variables arrive in lower case.
        properties.organizations().forEach((code, tax) -> organizations.put(code.toUpperCase(Locale.ROOT),
                new InvoiceSettings.Tax(tax.rateBasisPoints(), tax.reverseCharge())));
        return new InvoiceSettings(new InvoiceSettings.Tax(properties.tax().rateBasisPoints(),
                properties.tax().reverseCharge()), organizations, properties.paymentTermsDays(),
                new InvoiceView.Party("CPX", properties.platformLegalName(), properties.platformTaxId(),
                        properties.platformAddress().replace("\\n", "\n")));
    }
}
