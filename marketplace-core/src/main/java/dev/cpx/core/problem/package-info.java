/** Business refusals: the error codes and the one exception type every rule throws. */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package dev.cpx.core.problem;
