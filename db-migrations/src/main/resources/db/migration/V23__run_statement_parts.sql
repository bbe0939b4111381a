-- A run's canonical statement is stored in parts of at most 1,000,000 characters (4 MB in utf8mb4): a day of hourly
-- contracts gives the platform a statement of tens of megabytes, beyond MariaDB's default max_allowed_packet of
-- 16 MB for one row. The statement is the parts concatenated in part_no order.

CREATE TABLE run_statement_part (
    run_statement_id BIGINT     NOT NULL,
    part_no          INT        NOT NULL,
    content          MEDIUMTEXT NOT NULL,
    PRIMARY KEY (run_statement_id, part_no),
    CONSTRAINT fk_run_statement_part FOREIGN KEY (run_statement_id) REFERENCES run_statement (id) ON DELETE CASCADE
);

INSERT INTO run_statement_part (run_statement_id, part_no, content) SELECT id, 0, canonical FROM run_statement;

ALTER TABLE run_statement DROP COLUMN canonical;
