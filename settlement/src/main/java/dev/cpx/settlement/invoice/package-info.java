/** Invoices and credit notes issued from frozen settlement runs, numbered without gaps per issuer, and their PDFs. */
@org.springframework.modulith.ApplicationModule(displayName = "Invoices")
package dev.cpx.settlement.invoice;
