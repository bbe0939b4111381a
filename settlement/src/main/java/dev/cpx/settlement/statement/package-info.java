/** Statements of a settlement period per organization, and their reports in CSV, XLSX and PDF. */
@org.springframework.modulith.ApplicationModule(displayName = "Statements")
package dev.cpx.settlement.statement;
