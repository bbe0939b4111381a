-- A block order journals one command that names every instrument of its block. With hourly instruments a block
-- spans up to 14 x 24 of them (some 190 characters each in the command's JSON), far beyond VARCHAR(4000).
ALTER TABLE market_command MODIFY body MEDIUMTEXT NOT NULL;
