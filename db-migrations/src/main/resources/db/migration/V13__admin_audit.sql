-- What platform administrators did in the admin console: who, when, to what, and why.
CREATE TABLE admin_audit (
    id             BIGINT       NOT NULL AUTO_INCREMENT,
    at             DATETIME(6)  NOT NULL,
    actor_user_id  BIGINT       NOT NULL,
    actor_email    VARCHAR(254) NOT NULL,
    action         VARCHAR(40)  NOT NULL,
    target         VARCHAR(120) NOT NULL,
    reason         VARCHAR(500) NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT fk_admin_audit_actor FOREIGN KEY (actor_user_id) REFERENCES app_user (id)
);
CREATE INDEX ix_admin_audit_at ON admin_audit (at);
