package dev.cpx.core.identity;

import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.ErrorCode;
import dev.cpx.core.time.UtcColumns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The platform's view across organizations (organizations, users, API keys) and what an administrator may do there,
 * each act recorded in the admin audit trail in the same transaction: an act without its record never commits.
 */
@Service
public class IdentityAdministration {

    /** The most rows one list shows. */
    public static final int MAX_ROWS = 500;
    public static final int MAX_REASON_LENGTH = 500;

    /** An organization with its head counts. */
    public record OrganizationSummary(String code, String name, boolean buyer, boolean provider, boolean platform,
                                      long users, long activeKeys, long creditLimitMinor) {
    }

    /** A person across organizations; never their password hash. */
    public record UserSummary(long id, String email, String displayName, String organizationCode, Set<Role> roles,
                              Instant lockedUntil, boolean enabled) {
    }

    /** An API key with the organization it belongs to. */
    public record KeySummary(String organizationCode, ApiKeyView key) {
    }

    /** One administrator's act. */
    public record AuditEntry(Instant at, String actorEmail, String action, String target, String reason) {
    }

    /**
     * Who acts: a signed-in platform administrator, or the platform's admin key ({@code userId} null, {@code email}
     * naming the key).
     */
    public record Administrator(Long userId, String email) {
    }

    private final JdbcClient jdbc;
    private final ApiKeyService apiKeys;
    private final Clock clock;

    IdentityAdministration(JdbcClient jdbc, ApiKeyService apiKeys, Clock clock) {
        this.jdbc = jdbc;
        this.apiKeys = apiKeys;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<OrganizationSummary> organizations() {
        return jdbc.sql("""
                select o.code, o.name, o.buyer, o.provider, o.platform, o.credit_limit_minor,
                       (select count(*) from app_user u where u.organization_id = o.id) users,
                       (select count(*) from api_key k where k.organization_id = o.id and k.revoked_at is null) keys_active
                from organization o order by o.code limit ?""").param(MAX_ROWS)
                .query((rs, n) -> new OrganizationSummary(rs.getString("code"), rs.getString("name"),
                        rs.getBoolean("buyer"), rs.getBoolean("provider"), rs.getBoolean("platform"),
                        rs.getLong("users"), rs.getLong("keys_active"), rs.getLong("credit_limit_minor")))
                .list();
    }

    @Transactional(readOnly = true)
    public List<UserSummary> users() {
        return jdbc.sql("""
                select u.id, u.email, u.display_name, o.code, u.roles, u.locked_until, u.enabled
                from app_user u join organization o on o.id = u.organization_id order by o.code, u.email limit ?""")
                .param(MAX_ROWS)
                .query((rs, n) -> new UserSummary(rs.getLong("id"), rs.getString("email"), rs.getString("display_name"),
                        rs.getString("code"), roles(rs.getString("roles")), instant(rs, "locked_until"),
                        rs.getBoolean("enabled")))
                .list();
    }

    @Transactional(readOnly = true)
    public List<KeySummary> apiKeys() {
        return jdbc.sql("""
                select o.code, k.id, k.name, k.display_prefix, k.permissions, k.created_at, k.last_used_at, k.revoked_at
                from api_key k join organization o on o.id = k.organization_id
                order by k.revoked_at is not null, o.code, k.id limit ?""").param(MAX_ROWS)
                .query((rs, n) -> new KeySummary(rs.getString("code"), new ApiKeyView(rs.getLong("id"),
                        rs.getString("name"), rs.getString("display_prefix"),
                        ApiKeyPermission.parse(rs.getString("permissions")), instant(rs, "created_at"),
                        instant(rs, "last_used_at"), instant(rs, "revoked_at"))))
                .list();
    }

    @Transactional(readOnly = true)
    public List<AuditEntry> audit() {
        return jdbc.sql("select at, actor_email, action, target, reason from admin_audit order by id desc limit ?")
                .param(MAX_ROWS)
                .query((rs, n) -> new AuditEntry(instant(rs, "at"), rs.getString("actor_email"),
                        rs.getString("action"), rs.getString("target"), rs.getString("reason")))
                .list();
    }

    /** Revokes any organization's key, for a stated reason; refused for a key already revoked. */
    @Transactional
    public ApiKeyView revokeKey(Administrator administrator, long keyId, String reason) {
        String why = requireReason(reason);
        var owner = jdbc.sql("select organization_id, revoked_at from api_key where id = ?").param(keyId)
                .query((rs, n) -> new KeyOwner(rs.getLong("organization_id"), rs.getObject("revoked_at") != null))
                .optional().orElseThrow(() -> CpxException.notFound("API key", keyId));
        if (owner.revoked()) {
            throw new CpxException(ErrorCode.CONFLICT, "API key " + keyId + " is already revoked");
        }
        ApiKeyView revoked = apiKeys.revoke(owner.organizationId(), keyId);
        record(administrator, "API_KEY_REVOKED", "api key " + keyId + " (" + revoked.displayPrefix() + "…) of "
                + organizationCode(owner.organizationId()), why);
        return revoked;
    }

    private record KeyOwner(long organizationId, boolean revoked) {
    }

    /** Records an administrator's act done elsewhere (the demo clock, say), in the caller's transaction if any. */
    @Transactional
    public void record(Administrator administrator, String action, String target, String reason) {
        jdbc.sql("insert into admin_audit (at, actor_user_id, actor_email, action, target, reason) "
                        + "values (?, ?, ?, ?, ?, ?)")
                .params(UtcColumns.utc(clock.instant()), administrator.userId(), administrator.email(), action, target,
                        reason)
                .update();
    }

    private String organizationCode(long organizationId) {
        return jdbc.sql("select code from organization where id = ?").param(organizationId).query(String.class)
                .single();
    }

    private static String requireReason(String reason) {
        String trimmed = reason == null ? "" : reason.strip();
        if (trimmed.isEmpty() || trimmed.length() > MAX_REASON_LENGTH) {
            throw new CpxException(ErrorCode.VALIDATION_FAILED, "give a reason of 1 to " + MAX_REASON_LENGTH
                    + " characters: it goes into the audit trail");
        }
        return trimmed;
    }

    private static Set<Role> roles(String roles) {
        return Arrays.stream(roles.split(",")).filter(r -> !r.isBlank()).map(Role::valueOf)
                .collect(Collectors.toUnmodifiableSet());
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return UtcColumns.instant(rs, column);
    }
}
