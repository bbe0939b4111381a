-- Trading halts in force, one row each: of one instrument or of every instrument of a compute class. Written by
-- the market journal with the Halt and Resume commands that set and lift them, so a rebuilt core starts halted.
-- No foreign key to instrument: the expiry of an instrument lifts its halt in the same batch, and the calendar may
-- retire instruments of its own.
CREATE TABLE market_halt (
    halt_key      VARCHAR(64)  NOT NULL,
    instrument_id BIGINT       NULL,
    compute_class VARCHAR(32)  NULL,
    reason        VARCHAR(500) NOT NULL,
    halted_by     VARCHAR(254) NOT NULL,
    halted_at     DATETIME(6)  NOT NULL,
    PRIMARY KEY (halt_key),
    CONSTRAINT fk_market_halt_class FOREIGN KEY (compute_class) REFERENCES compute_class (code)
);

-- Acts through the API are made with the platform's admin key, not by a person: the audit names the key instead.
ALTER TABLE admin_audit MODIFY actor_user_id BIGINT NULL;
