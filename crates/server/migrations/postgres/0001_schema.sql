-- The schema on PostgreSQL: the same tables as SQLite's migrations end with (see
-- ../sqlite/0003_tenants.sql for what each holds). Devices, tenants and audit events are the
-- domain's JSON (autopilot::service) with the columns queries need beside it.

CREATE TABLE tenants (
    tenant_id VARCHAR(64) PRIMARY KEY,
    state TEXT NOT NULL,
    version BIGINT NOT NULL,
    next_position BIGINT NOT NULL,
    tombstones_from BIGINT NOT NULL,
    next_due BIGINT
);

CREATE INDEX tenants_next_due ON tenants (next_due);

CREATE TABLE devices (
    tenant_id VARCHAR(64) NOT NULL,
    id VARCHAR(64) NOT NULL,
    position BIGINT NOT NULL,
    serial_number TEXT NOT NULL,
    body TEXT NOT NULL,
    version BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

CREATE INDEX devices_position ON devices (tenant_id, position);
CREATE INDEX devices_version ON devices (tenant_id, version);
CREATE INDEX devices_serial_number ON devices (tenant_id, serial_number);

CREATE TABLE removed_devices (
    tenant_id VARCHAR(64) NOT NULL,
    id VARCHAR(64) NOT NULL,
    version BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

CREATE INDEX removed_devices_version ON removed_devices (tenant_id, version);

-- The unique key makes a batch replayed to another process get the first answer.
CREATE TABLE import_batches (
    tenant_id VARCHAR(64) NOT NULL,
    idempotency_key VARCHAR(255) NOT NULL,
    request_digest VARCHAR(64) NOT NULL,
    device_ids TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, idempotency_key)
);

CREATE INDEX import_batches_created_at ON import_batches (tenant_id, created_at);

CREATE TABLE audit_events (
    tenant_id VARCHAR(64) NOT NULL,
    id VARCHAR(64) NOT NULL,
    at BIGINT NOT NULL,
    actor_upn TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

CREATE INDEX audit_events_at ON audit_events (tenant_id, at);
CREATE INDEX audit_events_actor_upn ON audit_events (tenant_id, actor_upn);
