/** Multilateral netting of a period's obligations between organizations. Pure Java. */
@org.springframework.modulith.ApplicationModule(displayName = "Netting", type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package dev.cpx.settlement.netting;
