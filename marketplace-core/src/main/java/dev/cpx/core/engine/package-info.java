/**
 * The matching engine: in-memory order books with price-time priority, pure Java and deterministic
 * (commands in, events out, no clock, no I/O).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Matching engine", type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package dev.cpx.core.engine;
