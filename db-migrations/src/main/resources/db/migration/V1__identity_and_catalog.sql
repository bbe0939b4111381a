-- Identity and catalog. MySQL dialect kept to what MariaDB 10.11+ and H2 (MODE=MySQL) both accept.
-- Instants are DATETIME(6) holding UTC (the application pins the JDBC time zone to UTC).

CREATE TABLE organization (
    id                 BIGINT       NOT NULL AUTO_INCREMENT,
    code               VARCHAR(8)   NOT NULL,
    name               VARCHAR(120) NOT NULL,
    buyer              BOOLEAN      NOT NULL,
    provider           BOOLEAN      NOT NULL,
    platform           BOOLEAN      NOT NULL,
    credit_limit_minor BIGINT       NOT NULL DEFAULT 0,
    created_at         DATETIME(6)  NOT NULL,
    version            BIGINT       NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    CONSTRAINT uk_organization_code UNIQUE (code)
);

CREATE TABLE app_user (
    id              BIGINT       NOT NULL AUTO_INCREMENT,
    organization_id BIGINT       NOT NULL,
    email           VARCHAR(254) NOT NULL,
    display_name    VARCHAR(120) NOT NULL,
    password_hash   VARCHAR(255) NOT NULL,
    roles           VARCHAR(200) NOT NULL,
    enabled         BOOLEAN      NOT NULL,
    failed_sign_ins INT          NOT NULL DEFAULT 0,
    locked_until    DATETIME(6)  NULL,
    created_at      DATETIME(6)  NOT NULL,
    version         BIGINT       NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    CONSTRAINT uk_app_user_email UNIQUE (email),
    CONSTRAINT fk_app_user_organization FOREIGN KEY (organization_id) REFERENCES organization (id)
);

CREATE TABLE api_key (
    id              BIGINT       NOT NULL AUTO_INCREMENT,
    organization_id BIGINT       NOT NULL,
    name            VARCHAR(80)  NOT NULL,
    display_prefix  VARCHAR(16)  NOT NULL,
    secret_sha256   CHAR(64)     NOT NULL,
    permissions     VARCHAR(100) NOT NULL,
    created_by      BIGINT       NULL,
    created_at      DATETIME(6)  NOT NULL,
    last_used_at    DATETIME(6)  NULL,
    revoked_at      DATETIME(6)  NULL,
    PRIMARY KEY (id),
    CONSTRAINT uk_api_key_secret UNIQUE (secret_sha256),
    CONSTRAINT fk_api_key_organization FOREIGN KEY (organization_id) REFERENCES organization (id),
    CONSTRAINT fk_api_key_creator FOREIGN KEY (created_by) REFERENCES app_user (id)
);

CREATE TABLE compute_class (
    code                  VARCHAR(32)   NOT NULL,
    vendor                VARCHAR(40)   NOT NULL,
    model                 VARCHAR(80)   NOT NULL,
    architecture          VARCHAR(40)   NOT NULL,
    memory_gb             INT           NOT NULL,
    memory_type           VARCHAR(16)   NOT NULL,
    fp16_tflops           DECIMAL(8, 1) NOT NULL,
    fp32_tflops           DECIMAL(8, 1) NULL,
    memory_bandwidth_gbps INT           NOT NULL,
    interconnect          VARCHAR(80)   NOT NULL,
    scu                   DECIMAL(6, 2) NOT NULL,
    source                VARCHAR(400)  NOT NULL,
    PRIMARY KEY (code)
);

CREATE TABLE region (
    code    VARCHAR(13) NOT NULL,
    name    VARCHAR(80) NOT NULL,
    country CHAR(2)     NOT NULL,
    PRIMARY KEY (code)
);

CREATE TABLE site (
    id              BIGINT       NOT NULL AUTO_INCREMENT,
    organization_id BIGINT       NOT NULL,
    region_code     VARCHAR(13)  NOT NULL,
    code            VARCHAR(8)   NOT NULL,
    name            VARCHAR(120) NOT NULL,
    created_at      DATETIME(6)  NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uk_site_org_code UNIQUE (organization_id, code),
    CONSTRAINT fk_site_organization FOREIGN KEY (organization_id) REFERENCES organization (id),
    CONSTRAINT fk_site_region FOREIGN KEY (region_code) REFERENCES region (code)
);

CREATE TABLE node (
    id                 BIGINT      NOT NULL AUTO_INCREMENT,
    cpid               VARCHAR(64) NOT NULL,
    organization_id    BIGINT      NOT NULL,
    site_id            BIGINT      NOT NULL,
    compute_class_code VARCHAR(32) NOT NULL,
    gpu_count          INT         NOT NULL,
    status             VARCHAR(16) NOT NULL,
    registered_at      DATETIME(6) NOT NULL,
    version            BIGINT      NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    CONSTRAINT uk_node_cpid UNIQUE (cpid),
    CONSTRAINT fk_node_organization FOREIGN KEY (organization_id) REFERENCES organization (id),
    CONSTRAINT fk_node_site FOREIGN KEY (site_id) REFERENCES site (id),
    CONSTRAINT fk_node_class FOREIGN KEY (compute_class_code) REFERENCES compute_class (code)
);
CREATE INDEX ix_node_org_class ON node (organization_id, compute_class_code);

CREATE TABLE instrument (
    id                 BIGINT      NOT NULL AUTO_INCREMENT,
    symbol             VARCHAR(64) NOT NULL,
    compute_class_code VARCHAR(32) NOT NULL,
    region_code        VARCHAR(13) NOT NULL,
    delivery_start     DATETIME(6) NOT NULL,
    delivery_end       DATETIME(6) NOT NULL,
    gate_closure_at    DATETIME(6) NOT NULL,
    created_at         DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uk_instrument_symbol UNIQUE (symbol),
    CONSTRAINT uk_instrument_window UNIQUE (compute_class_code, region_code, delivery_start),
    CONSTRAINT fk_instrument_class FOREIGN KEY (compute_class_code) REFERENCES compute_class (code),
    CONSTRAINT fk_instrument_region FOREIGN KEY (region_code) REFERENCES region (code)
);
CREATE INDEX ix_instrument_delivery ON instrument (delivery_start);
