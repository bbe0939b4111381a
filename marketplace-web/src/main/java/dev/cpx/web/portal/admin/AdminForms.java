package dev.cpx.web.portal.admin;

import dev.cpx.core.identity.OrganizationAdministration.OrganizationDetail;
import dev.cpx.core.money.Money;
import dev.cpx.core.problem.CpxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.validation.BindingResult;

/** The admin console's forms as the browser sends them, and how a refusal lands on their fields. */
final class AdminForms {

    private static final Set<String> ORGANIZATION_FIELDS = Set.of("code", "name", "roles", "creditLimit");
    /** The organization form's market roles are two checkboxes; their message sits under the first. */
    private static final String ORGANIZATION_ROLES = "buyer";
    private static final Set<String> USER_FIELDS = Set.of("organization", "email", "displayName", "password", "roles");

    private AdminForms() {
    }

    /** Puts each field error beside its field, and a refusal without fields above the form. */
    static void reject(CpxException refused, BindingResult errors) {
        Object target = errors.getTarget();
        Set<String> fields = target instanceof OrganizationFormData ? ORGANIZATION_FIELDS
                : target instanceof UserFormData ? USER_FIELDS : Set.of("roles");
        boolean placed = false;
        for (CpxException.FieldError error : refused.errors()) {
            if (fields.contains(error.field())) {
                String field = target instanceof OrganizationFormData && error.field().equals("roles")
                        ? ORGANIZATION_ROLES : error.field();
                errors.rejectValue(field, "invalid", error.message());
                placed = true;
            }
        }
        if (!placed) {
            errors.reject(refused.errorCode().code(), capitalized(refused.detail()) + ".");
        }
    }

    /** An optional amount such as 500,000.00; blank is 0. */
    static Long amount(String text, String field, BindingResult errors) {
        if (text == null || text.isBlank()) {
            return 0L;
        }
        try {
            return Money.parseMinor(text.strip().replace(",", ""));
        } catch (Money.InvalidAmountException e) {
            errors.rejectValue(field, "amount", "an amount such as 500000.00");
            return null;
        }
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** A new organization, or an existing one's name, market roles and credit limit ({@code version} guards the edit). */
    public static final class OrganizationFormData {
        private String code;
        private String name;
        private boolean buyer;
        private boolean provider;
        private String creditLimit;
        private long version;

        static OrganizationFormData of(OrganizationDetail organization) {
            var form = new OrganizationFormData();
            form.code = organization.code();
            form.name = organization.name();
            form.buyer = organization.buyer();
            form.provider = organization.provider();
            form.creditLimit = Money.format(organization.creditLimitMinor());
            form.version = organization.version();
            return form;
        }

        public String getCode() {
            return code;
        }

        public void setCode(String code) {
            this.code = code;
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public boolean isBuyer() {
            return buyer;
        }

        public void setBuyer(boolean buyer) {
            this.buyer = buyer;
        }

        public boolean isProvider() {
            return provider;
        }

        public void setProvider(boolean provider) {
            this.provider = provider;
        }

        public String getCreditLimit() {
            return creditLimit;
        }

        public void setCreditLimit(String creditLimit) {
            this.creditLimit = creditLimit;
        }

        public long getVersion() {
            return version;
        }

        public void setVersion(long version) {
            this.version = version;
        }
    }

    /** A new user. */
    public static final class UserFormData {
        private String organization;
        private String email;
        private String displayName;
        private String password;
        private List<String> roles = new ArrayList<>();

        public String getOrganization() {
            return organization;
        }

        public void setOrganization(String organization) {
            this.organization = organization;
        }

        public String getEmail() {
            return email;
        }

        public void setEmail(String email) {
            this.email = email;
        }

        public String getDisplayName() {
            return displayName;
        }

        public void setDisplayName(String displayName) {
            this.displayName = displayName;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        public List<String> getRoles() {
            return roles;
        }

        public void setRoles(List<String> roles) {
            this.roles = roles;
        }
    }

    /** A user's roles ({@code version} guards the edit). */
    public static final class RolesFormData {
        private List<String> roles = new ArrayList<>();
        private long version;

        public List<String> getRoles() {
            return roles;
        }

        public void setRoles(List<String> roles) {
            this.roles = roles;
        }

        public long getVersion() {
            return version;
        }

        public void setVersion(long version) {
            this.version = version;
        }
    }
}
