-- The tenant, its devices and the import batches seen, in SQL that SQLite and PostgreSQL both
-- accept. Devices and the tenant are kept as the domain's JSON (autopilot::service), with the
-- columns queries need beside it.

-- One row: autopilot::service::TenantState as JSON (organisation, settings, demo clock, next id).
CREATE TABLE tenant (
    id INTEGER PRIMARY KEY,
    state TEXT NOT NULL
);

-- autopilot::device::Device as JSON; `position` keeps submission order.
CREATE TABLE devices (
    id VARCHAR(64) PRIMARY KEY,
    position BIGINT NOT NULL,
    serial_number TEXT NOT NULL,
    body TEXT NOT NULL
);

CREATE INDEX devices_position ON devices (position);
CREATE INDEX devices_serial_number ON devices (serial_number);

-- Idempotent imports: the client's Idempotency-Key, a digest of what it asked for and the ids
-- the batch got, written in the same transaction as the devices.
CREATE TABLE import_batches (
    idempotency_key VARCHAR(255) PRIMARY KEY,
    request_digest VARCHAR(64) NOT NULL,
    device_ids TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE INDEX import_batches_created_at ON import_batches (created_at);
