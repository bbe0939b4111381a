package dev.cpx.core.identity;

import dev.cpx.core.identity.IdentityAdministration.Administrator;
import dev.cpx.core.money.Money;
import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.CpxException.FieldError;
import dev.cpx.core.problem.ErrorCode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a platform administrator changes in organizations and their people: new organizations, their name, market
 * roles and credit limit, new users, users' roles, disabling and enabling sign-in. Every act is recorded in the admin
 * audit trail in its own transaction, and an edit made on a stale form is refused (409) instead of overwriting
 * another's.
 */
@Service
public class OrganizationAdministration {

    public static final int MIN_PASSWORD_LENGTH = 12;
    public static final int MAX_PASSWORD_LENGTH = 128;
    private static final Pattern CODE = Pattern.compile("[A-Z0-9]{3,8}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");

    /** A new organization as the form sends it. */
    public record OrganizationForm(String code, String name, boolean buyer, boolean provider, long creditLimitMinor) {
    }

    /** A new person: the password is already hashed by the caller's encoder, {@code passwordLength} is its length. */
    public record UserForm(String organizationCode, String email, String displayName, String passwordHash,
                           int passwordLength, Set<Role> roles) {
    }

    /** One user as the edit form shows it. */
    public record UserDetail(long id, String email, String displayName, String organizationCode, boolean buyer,
                             boolean provider, boolean platform, Set<Role> roles, boolean enabled, long version) {
    }

    /** What the edit form sets on an organization: name, market roles and credit limit. */
    public record OrganizationChange(String name, boolean buyer, boolean provider, long creditLimitMinor) {
    }

    /** One organization as the edit form shows it. */
    public record OrganizationDetail(String code, String name, boolean buyer, boolean provider, boolean platform,
                                     long creditLimitMinor, long version) {
    }

    private final JdbcClient jdbc;
    private final IdentityService identity;
    private final IdentityAdministration audit;
    private final ApplicationEventPublisher events;

    OrganizationAdministration(JdbcClient jdbc, IdentityService identity, IdentityAdministration audit,
                               ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.identity = identity;
        this.audit = audit;
        this.events = events;
    }

    @Transactional
    public OrganizationView createOrganization(Administrator administrator, OrganizationForm form) {
        var errors = new ArrayList<FieldError>();
        String code = form.code() == null ? "" : form.code().strip();
        if (!CODE.matcher(code).matches()) {
            errors.add(new FieldError("code", "3 to 8 capital letters A-Z or digits, as in CPIDs and reports"));
        }
        String name = name(form.name(), errors);
        if (!form.buyer() && !form.provider()) {
            errors.add(new FieldError("roles", "choose buyer, provider or both"));
        }
        if (form.creditLimitMinor() < 0 || form.creditLimitMinor() > Money.MAX_MINOR) {
            errors.add(new FieldError("creditLimit", "0.00 or more"));
        }
        requireNoErrors(errors);
        if (identity.organizationByCode(code).isPresent()) {
            throw new CpxException(ErrorCode.ALREADY_EXISTS, "organization " + code + " already exists",
                    List.of(new FieldError("code", "already taken")));
        }
        OrganizationView created = identity.createOrganization(new NewOrganization(code, name, form.buyer(),
                form.provider(), false, form.creditLimitMinor()));
        audit.record(administrator, "ORGANIZATION_CREATED", "organization " + code, name + ", " + marketRoles(
                form.buyer(), form.provider()) + ", credit limit " + Money.format(form.creditLimitMinor()));
        return created;
    }

    @Transactional(readOnly = true)
    public OrganizationDetail organization(String code) {
        return jdbc.sql("select code, name, buyer, provider, platform, credit_limit_minor, version from organization "
                        + "where code = ?").param(code)
                .query((rs, n) -> new OrganizationDetail(rs.getString(1), rs.getString(2), rs.getBoolean(3),
                        rs.getBoolean(4), rs.getBoolean(5), rs.getLong(6), rs.getLong(7)))
                .optional().orElseThrow(() -> CpxException.notFound("organization", code));
    }

    /**
     * Renames an organization, sets whether it buys and sells, and its credit limit; the platform itself neither buys
     * nor sells. People signed in keep what their session knew of the name and roles until they sign in again; keys
     * follow within the key cache's lifetime. A new credit limit reaches the market through its inbox when this
     * commits and holds from the next order on: a lower one refuses new bids beyond it but takes back no hold.
     */
    @Transactional
    public OrganizationDetail updateOrganization(Administrator administrator, String code, OrganizationChange change,
                                                 long version) {
        OrganizationDetail before = organization(code);
        var errors = new ArrayList<FieldError>();
        String name = name(change.name(), errors);
        if (before.platform() && (change.buyer() || change.provider())) {
            errors.add(new FieldError("roles", "the platform neither buys nor sells"));
        } else if (!before.platform() && !change.buyer() && !change.provider()) {
            errors.add(new FieldError("roles", "choose buyer, provider or both"));
        }
        long creditLimit = change.creditLimitMinor();
        if (creditLimit < 0 || creditLimit > Money.MAX_MINOR) {
            errors.add(new FieldError("creditLimit", "0.00 to " + Money.format(Money.MAX_MINOR)));
        } else if (before.platform() && creditLimit != before.creditLimitMinor()) {
            errors.add(new FieldError("creditLimit", "the platform neither buys nor sells, so it has no credit"));
        }
        requireNoErrors(errors);
        int updated = jdbc.sql("update organization set name = ?, buyer = ?, provider = ?, credit_limit_minor = ?, "
                        + "version = version + 1 where code = ? and version = ?")
                .params(name, change.buyer(), change.provider(), creditLimit, code, version).update();
        if (updated != 1) {
            throw stale("organization " + code);
        }
        String target = "organization " + code;
        String changes = changes(before, name, change.buyer(), change.provider());
        if (creditLimit != before.creditLimitMinor()) {
            long organizationId = identity.organizationByCode(code).orElseThrow().id();
            events.publishEvent(new CreditLimitChanged(organizationId, code, before.creditLimitMinor(), creditLimit));
            audit.record(administrator, "CREDIT_LIMIT_CHANGED", target, Money.format(before.creditLimitMinor())
                    + " -> " + Money.format(creditLimit));
        }
        if (!changes.isEmpty() || creditLimit == before.creditLimitMinor()) {
            audit.record(administrator, "ORGANIZATION_UPDATED", target, changes.isEmpty() ? "no change" : changes);
        }
        return organization(code);
    }

    @Transactional
    public long createUser(Administrator administrator, UserForm form) {
        var errors = new ArrayList<FieldError>();
        String email = form.email() == null ? "" : form.email().strip().toLowerCase(java.util.Locale.ROOT);
        if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
            errors.add(new FieldError("email", "an e-mail address such as name@example.com"));
        }
        String displayName = form.displayName() == null ? "" : form.displayName().strip();
        if (displayName.isEmpty() || displayName.length() > 120) {
            errors.add(new FieldError("displayName", "1 to 120 characters"));
        }
        if (form.passwordLength() < MIN_PASSWORD_LENGTH || form.passwordLength() > MAX_PASSWORD_LENGTH) {
            errors.add(new FieldError("password", MIN_PASSWORD_LENGTH + " to " + MAX_PASSWORD_LENGTH
                    + " characters; a passphrase of several words is fine"));
        }
        OrganizationView organization = identity.organizationByCode(form.organizationCode() == null ? ""
                : form.organizationCode().strip()).orElse(null);
        if (organization == null) {
            errors.add(new FieldError("organization", "choose an organization"));
        } else {
            roleErrors(form.roles(), organization.buyer(), organization.provider(), organization.platform(), errors);
        }
        requireNoErrors(errors);
        if (identity.userByEmail(email).isPresent()) {
            throw new CpxException(ErrorCode.ALREADY_EXISTS, "a user with e-mail " + email + " exists",
                    List.of(new FieldError("email", "already in use")));
        }
        long id = identity.createUser(new NewUser(organization.id(), email, displayName, form.passwordHash(),
                form.roles()));
        audit.record(administrator, "USER_CREATED", "user " + email + " of " + organization.code(),
                "roles " + roleNames(form.roles()));
        return id;
    }

    @Transactional(readOnly = true)
    public UserDetail user(long userId) {
        return jdbc.sql("""
                        select u.id, u.email, u.display_name, o.code, o.buyer, o.provider, o.platform, u.roles,
                               u.enabled, u.version
                        from app_user u join organization o on o.id = u.organization_id where u.id = ?""")
                .param(userId)
                .query((rs, n) -> new UserDetail(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getBoolean(5), rs.getBoolean(6), rs.getBoolean(7), parseRoles(rs.getString(8)),
                        rs.getBoolean(9), rs.getLong(10)))
                .optional().orElseThrow(() -> CpxException.notFound("user", userId));
    }

    /** Sets a person's roles; an administrator never takes the platform role from themselves (no lock-out). */
    @Transactional
    public UserDetail setRoles(Administrator administrator, long userId, Set<Role> roles, long version) {
        UserDetail before = user(userId);
        var errors = new ArrayList<FieldError>();
        roleErrors(roles, before.buyer(), before.provider(), before.platform(), errors);
        if (isSelf(administrator, userId) && roles != null && !roles.contains(Role.PLATFORM_ADMIN)) {
            errors.add(new FieldError("roles", "you cannot take the platform administrator role from yourself; "
                    + "another administrator can"));
        }
        requireNoErrors(errors);
        int updated = jdbc.sql("update app_user set roles = ?, version = version + 1 where id = ? and version = ?")
                .params(roleColumn(roles), userId, version).update();
        if (updated != 1) {
            throw stale("user " + before.email());
        }
        audit.record(administrator, "USER_ROLES_CHANGED", "user " + before.email() + " of "
                + before.organizationCode(), roleNames(before.roles()) + " -> " + roleNames(roles));
        return user(userId);
    }

    /** Stops or allows a person's sign-in, for a stated reason; an administrator never disables themselves. */
    @Transactional
    public UserDetail setEnabled(Administrator administrator, long userId, boolean enabled, String reason,
                                 long version) {
        UserDetail before = user(userId);
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty() || why.length() > IdentityAdministration.MAX_REASON_LENGTH) {
            throw new CpxException(ErrorCode.VALIDATION_FAILED, "give a reason of 1 to "
                    + IdentityAdministration.MAX_REASON_LENGTH + " characters: it goes into the audit trail",
                    List.of(new FieldError("reason", "1 to " + IdentityAdministration.MAX_REASON_LENGTH
                            + " characters")));
        }
        if (!enabled && isSelf(administrator, userId)) {
            throw new CpxException(ErrorCode.CONFLICT, "you cannot disable your own sign-in; another administrator "
                    + "can");
        }
        if (before.enabled() == enabled) {
            throw new CpxException(ErrorCode.CONFLICT, "user " + before.email() + " is already "
                    + (enabled ? "enabled" : "disabled"));
        }
        int updated = jdbc.sql("update app_user set enabled = ?, version = version + 1 where id = ? and version = ?")
                .params(enabled, userId, version).update();
        if (updated != 1) {
            throw stale("user " + before.email());
        }
        audit.record(administrator, enabled ? "USER_ENABLED" : "USER_DISABLED", "user " + before.email() + " of "
                + before.organizationCode(), why);
        return user(userId);
    }

    private static boolean isSelf(Administrator administrator, long userId) {
        return administrator.userId() != null && administrator.userId() == userId;
    }

    /** Which roles fit which organization: the platform role only at the platform, trading only where it trades. */
    private static void roleErrors(Set<Role> roles, boolean buyer, boolean provider, boolean platform,
                                   List<FieldError> errors) {
        if (roles == null || roles.isEmpty()) {
            errors.add(new FieldError("roles", "choose at least one role"));
            return;
        }
        if (roles.contains(Role.PLATFORM_ADMIN) && !platform) {
            errors.add(new FieldError("roles", "platform administrator is a role of the platform's own people"));
        }
        if (roles.contains(Role.TRADER) && !buyer && !provider) {
            errors.add(new FieldError("roles", "trader needs an organization that buys or sells"));
        }
        if (roles.contains(Role.PROVIDER_OPS) && !provider) {
            errors.add(new FieldError("roles", "provider operations needs a provider organization"));
        }
    }

    private static String name(String name, List<FieldError> errors) {
        String stripped = name == null ? "" : name.strip();
        if (stripped.isEmpty() || stripped.length() > 120) {
            errors.add(new FieldError("name", "1 to 120 characters"));
        }
        return stripped;
    }

    private static void requireNoErrors(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new CpxException(ErrorCode.VALIDATION_FAILED, errors.stream()
                    .map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")), errors);
        }
    }

    private static CpxException stale(String what) {
        return new CpxException(ErrorCode.STALE_UPDATE, what + " was changed by someone else since this form was "
                + "opened; reload it and apply the change again");
    }

    private static String changes(OrganizationDetail before, String name, boolean buyer, boolean provider) {
        var changes = new ArrayList<String>();
        if (!before.name().equals(name)) {
            changes.add("name " + before.name() + " -> " + name);
        }
        if (before.buyer() != buyer || before.provider() != provider) {
            changes.add(marketRoles(before.buyer(), before.provider()) + " -> " + marketRoles(buyer, provider));
        }
        return String.join("; ", changes);
    }

    private static String marketRoles(boolean buyer, boolean provider) {
        return buyer && provider ? "buyer and provider" : buyer ? "buyer" : provider ? "provider"
                : "neither buyer nor provider";
    }

    public static Set<Role> parseRoles(String roles) {
        var parsed = EnumSet.noneOf(Role.class);
        for (String role : roles.split(",")) {
            if (!role.isBlank()) {
                parsed.add(Role.valueOf(role));
            }
        }
        return parsed;
    }

    private static String roleColumn(Set<Role> roles) {
        return roles.stream().map(Role::name).sorted().collect(Collectors.joining(","));
    }

    private static String roleNames(Set<Role> roles) {
        return roles.stream().sorted().map(r -> r.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '))
                .collect(Collectors.joining(", "));
    }
}
