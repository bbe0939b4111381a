/** Money and prices as exact integers, with the platform's one rounding rule. */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package dev.cpx.core.money;
