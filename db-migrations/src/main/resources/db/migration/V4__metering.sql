-- Metering: usage records from the two sides of each contract, and the latest heartbeat of each node.

CREATE TABLE usage_record (
    id              BIGINT      NOT NULL AUTO_INCREMENT,
    organization_id BIGINT      NOT NULL,
    source          VARCHAR(8)  NOT NULL,
    record_id       VARCHAR(64) NOT NULL,
    contract_id     BIGINT      NOT NULL,
    node_id         BIGINT      NOT NULL,
    interval_start  DATETIME(6) NOT NULL,
    interval_end    DATETIME(6) NOT NULL,
    gpu_seconds     BIGINT      NOT NULL,
    received_at     DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    -- Re-sending a record changes nothing: the sender's record id is unique per source.
    CONSTRAINT uk_usage_record_source UNIQUE (organization_id, source, record_id),
    CONSTRAINT fk_usage_record_contract FOREIGN KEY (contract_id) REFERENCES contract (id),
    CONSTRAINT fk_usage_record_node FOREIGN KEY (node_id) REFERENCES node (id)
);
CREATE INDEX ix_usage_record_interval ON usage_record (contract_id, source, node_id, interval_start);

CREATE TABLE node_heartbeat (
    node_id         BIGINT        NOT NULL,
    at              DATETIME(6)   NOT NULL,
    status          VARCHAR(8)    NOT NULL,
    gpu_utilization DECIMAL(5, 4) NULL,
    received_at     DATETIME(6)   NOT NULL,
    PRIMARY KEY (node_id),
    CONSTRAINT fk_node_heartbeat_node FOREIGN KEY (node_id) REFERENCES node (id)
);
