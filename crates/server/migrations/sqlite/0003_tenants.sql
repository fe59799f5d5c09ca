-- Many tenants in one database, and several server processes on it (each keeps a tenant in
-- memory and catches up from what changed since the version it holds). The one tenant stored
-- so far becomes the default tenant, 'default'.

-- One row per tenant: autopilot::service::TenantState as JSON; `version` moves on with every
-- write (each changed device row and tombstone carries it); the devices' next list place;
-- the version from which tombstones are kept (a copy older than that reloads whole); and the
-- real time (ms) the first pending registration is due, for whichever process decides it.
CREATE TABLE tenants (
    tenant_id VARCHAR(64) PRIMARY KEY,
    state TEXT NOT NULL,
    version BIGINT NOT NULL,
    next_position BIGINT NOT NULL,
    tombstones_from BIGINT NOT NULL,
    next_due BIGINT
);

INSERT INTO tenants (tenant_id, state, version, next_position, tombstones_from, next_due)
SELECT 'default', state, 1, (SELECT COALESCE(MAX(position) + 1, 0) FROM devices), 1, 0
FROM tenant WHERE id = 1;

DROP TABLE tenant;

CREATE INDEX tenants_next_due ON tenants (next_due);

CREATE TABLE devices_by_tenant (
    tenant_id VARCHAR(64) NOT NULL,
    id VARCHAR(64) NOT NULL,
    position BIGINT NOT NULL,
    serial_number TEXT NOT NULL,
    body TEXT NOT NULL,
    version BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

INSERT INTO devices_by_tenant (tenant_id, id, position, serial_number, body, version)
SELECT 'default', id, position, serial_number, body, 1 FROM devices;

DROP TABLE devices;
ALTER TABLE devices_by_tenant RENAME TO devices;

CREATE INDEX devices_position ON devices (tenant_id, position);
CREATE INDEX devices_version ON devices (tenant_id, version);
CREATE INDEX devices_serial_number ON devices (tenant_id, serial_number);

-- Devices removed, so that another process's copy drops them too.
CREATE TABLE removed_devices (
    tenant_id VARCHAR(64) NOT NULL,
    id VARCHAR(64) NOT NULL,
    version BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

CREATE INDEX removed_devices_version ON removed_devices (tenant_id, version);

CREATE TABLE import_batches_by_tenant (
    tenant_id VARCHAR(64) NOT NULL,
    idempotency_key VARCHAR(255) NOT NULL,
    request_digest VARCHAR(64) NOT NULL,
    device_ids TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, idempotency_key)
);

INSERT INTO import_batches_by_tenant
SELECT 'default', idempotency_key, request_digest, device_ids, created_at FROM import_batches;

DROP TABLE import_batches;
ALTER TABLE import_batches_by_tenant RENAME TO import_batches;

CREATE INDEX import_batches_created_at ON import_batches (tenant_id, created_at);

CREATE TABLE audit_events_by_tenant (
    tenant_id VARCHAR(64) NOT NULL,
    id VARCHAR(64) NOT NULL,
    at BIGINT NOT NULL,
    actor_upn TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

INSERT INTO audit_events_by_tenant SELECT 'default', id, at, actor_upn, body FROM audit_events;

DROP TABLE audit_events;
ALTER TABLE audit_events_by_tenant RENAME TO audit_events;

CREATE INDEX audit_events_at ON audit_events (tenant_id, at);
CREATE INDEX audit_events_actor_upn ON audit_events (tenant_id, actor_upn);
