-- Odock schema v9: MCP calls in usage records: the JSON-RPC method, the tool, the server's transport and the bytes
-- each way (what MCP pricing charges).

ALTER TABLE usage_records ADD COLUMN mcp_method VARCHAR(100) NULL;

ALTER TABLE usage_records ADD COLUMN mcp_tool VARCHAR(200) NULL;

ALTER TABLE usage_records ADD COLUMN mcp_transport VARCHAR(16) NULL;

ALTER TABLE usage_records ADD COLUMN bytes_in BIGINT NOT NULL DEFAULT 0;

ALTER TABLE usage_records ADD COLUMN bytes_out BIGINT NOT NULL DEFAULT 0;
