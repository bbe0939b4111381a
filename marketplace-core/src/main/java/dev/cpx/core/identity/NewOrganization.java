package dev.cpx.core.identity;

import java.util.regex.Pattern;

/** A request to create an organization; the code is the one used in CPIDs and reports. */
public record NewOrganization(String code, String name, boolean buyer, boolean provider, boolean platform,
                              long creditLimitMinor) {

    private static final Pattern CODE = Pattern.compile("[A-Z0-9]{3,8}");

    public NewOrganization {
        if (code == null || !CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("organization code must be 3-8 characters A-Z or 0-9, got " + code);
        }
        if (name == null || name.isBlank() || name.length() > 120) {
            throw new IllegalArgumentException("organization name must be 1-120 characters");
        }
        if (creditLimitMinor < 0) {
            throw new IllegalArgumentException("credit limit cannot be negative");
        }
    }
}
