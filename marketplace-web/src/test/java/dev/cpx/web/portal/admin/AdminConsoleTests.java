package dev.cpx.web.portal.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.core.identity.ApiKeyPermission;
import dev.cpx.core.identity.ApiKeyService;
import dev.cpx.core.identity.IdentityService;
import dev.cpx.web.support.Browser;
import dev.cpx.web.support.EmbeddedAppTest;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The platform admin revokes another organization's key only with a reason, and the audit trail shows it. */
@EmbeddedAppTest
class AdminConsoleTests {

    @LocalServerPort
    int port;
    @Autowired
    ApiKeyService apiKeys;
    @Autowired
    IdentityService identity;
    @Autowired
    JdbcClient jdbc;

    @Test
    void anyOrganizationsKeyIsRevokedWithAReasonAndTheActIsAudited() {
        long nova = identity.organizationByCode("NOVA").orElseThrow().id();
        long keyId = apiKeys.issue(nova, "console-test", Set.of(ApiKeyPermission.READ), null).key().id();
        var admin = new Browser(port);
        admin.signIn("admin@cpx.demo", "demo-pass-1");
        String console = admin.getHtml("/admin").body();
        assertThat(console).contains("Admin console", "NOVA", "console-test", "/admin/api-keys/" + keyId + "/revoke",
                "trader@nova.demo");
        String token = Browser.csrfToken(console);

        var refused = admin.postForm("/admin/api-keys/" + keyId + "/revoke", Map.of("_csrf", token, "reason", " "));
        assertThat(admin.follow(refused).body()).contains("not revoked: give a reason");
        assertThat(active(keyId)).isTrue();

        var revoked = admin.postForm("/admin/api-keys/" + keyId + "/revoke",
                Map.of("_csrf", token, "reason", "left on a public build server"));
        assertThat(admin.follow(revoked).body()).contains("console-test", "revoked; the audit trail records why",
                "API_KEY_REVOKED", "admin@cpx.demo", "of NOVA", "left on a public build server");
        assertThat(active(keyId)).isFalse();

        var again = admin.postForm("/admin/api-keys/" + keyId + "/revoke", Map.of("_csrf", token, "reason", "again"));
        assertThat(admin.follow(again).body()).contains("is already revoked");
        assertThat(jdbc.sql("select count(*) from admin_audit where target like ?").param("api key " + keyId + " %")
                .query(Long.class).single()).isEqualTo(1);
        assertThat(admin.getHtml("/admin/api-keys/999999/revoke").status()).isEqualTo(405);
    }

    private boolean active(long keyId) {
        return jdbc.sql("select revoked_at is null from api_key where id = ?").param(keyId).query(Boolean.class)
                .single();
    }
}
