-- A test-only upgrade, applied over a database already at V1, to show upgrades keep existing rows.
ALTER TABLE api_keys ADD COLUMN test_note VARCHAR(50) NULL;
