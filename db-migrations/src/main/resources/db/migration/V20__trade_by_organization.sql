-- An organization's fills, newest first (the portal's notifications and fill toasts): one index per side of the
-- trade, so each read is a short range scan instead of a scan of every trade.
CREATE INDEX ix_trade_buyer ON trade (buyer_org_id, id);
CREATE INDEX ix_trade_seller ON trade (seller_org_id, id);
