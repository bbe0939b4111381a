/** The standard: compute classes, regions, provider sites and nodes with their CPIDs, and the instruments of the market calendar. */
@org.springframework.modulith.ApplicationModule(displayName = "Catalog")
package dev.cpx.core.catalog;
