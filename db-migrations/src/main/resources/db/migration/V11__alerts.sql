-- Where and when an organization wants alerts. The webhook secret signs every webhook body (HMAC-SHA256).
CREATE TABLE alert_settings (
    organization_id     BIGINT       NOT NULL,
    email               VARCHAR(254) NULL,
    webhook_url         VARCHAR(500) NULL,
    webhook_secret      VARCHAR(64)  NULL,
    low_balance_minor   BIGINT       NULL,
    daily_spend_minor   BIGINT       NULL,
    low_balance_alerted BOOLEAN      NOT NULL DEFAULT FALSE,
    updated_at          DATETIME(6)  NOT NULL,
    PRIMARY KEY (organization_id),
    CONSTRAINT fk_alert_settings_organization FOREIGN KEY (organization_id) REFERENCES organization (id)
);

-- Every alert to send, one row per channel: the dedupe key makes each alert once per channel, whichever instance
-- noticed it first; attempts and next_attempt_at drive retries with backoff.
CREATE TABLE alert_delivery (
    id              BIGINT       NOT NULL AUTO_INCREMENT,
    organization_id BIGINT       NOT NULL,
    kind            VARCHAR(32)  NOT NULL,
    dedupe_key      VARCHAR(200) NOT NULL,
    channel         VARCHAR(8)   NOT NULL,
    target          VARCHAR(500) NOT NULL,
    subject         VARCHAR(200) NOT NULL,
    body            VARCHAR(4000) NOT NULL,
    status          VARCHAR(8)   NOT NULL,
    attempts        INT          NOT NULL DEFAULT 0,
    next_attempt_at DATETIME(6)  NOT NULL,
    last_error      VARCHAR(500) NULL,
    created_at      DATETIME(6)  NOT NULL,
    sent_at         DATETIME(6)  NULL,
    PRIMARY KEY (id),
    CONSTRAINT uk_alert_delivery UNIQUE (dedupe_key),
    CONSTRAINT fk_alert_delivery_organization FOREIGN KEY (organization_id) REFERENCES organization (id)
);
CREATE INDEX ix_alert_delivery_due ON alert_delivery (status, next_attempt_at);
CREATE INDEX ix_alert_delivery_organization ON alert_delivery (organization_id, id);
