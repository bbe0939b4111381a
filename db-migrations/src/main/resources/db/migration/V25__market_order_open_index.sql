-- The market's lifecycle job asks once a minute on every instance which closed instruments still have open orders.
-- Without an index led by the status it read every order ever placed (a full scan of ix_market_order_book: 1.3 s a
-- run at 480,000 orders); with it, only the open ones.

CREATE INDEX ix_market_order_open ON market_order (status, instrument_id);
