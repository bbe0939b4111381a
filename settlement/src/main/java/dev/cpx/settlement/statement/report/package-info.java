/**
 * Settlement reports: renders statements and the platform report as CSV, XLSX and PDF with the same figures.
 */
@org.springframework.modulith.NamedInterface("report")
package dev.cpx.settlement.statement.report;
