-- Odock schema v3: whether a key may bring its own upstream key or base URL.

ALTER TABLE api_keys ADD COLUMN allow_byok BOOLEAN NOT NULL DEFAULT FALSE;
