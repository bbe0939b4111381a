/** Organizations (tenants), their users and roles, and API keys. */
@org.springframework.modulith.ApplicationModule(displayName = "Identity")
package dev.cpx.core.identity;
