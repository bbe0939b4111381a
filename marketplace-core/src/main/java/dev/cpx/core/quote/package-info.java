/** Quotes: a job shape priced over classes, regions and start times from the live books, and bought as a block. */
@org.springframework.modulith.ApplicationModule(displayName = "Quotes")
package dev.cpx.core.quote;
