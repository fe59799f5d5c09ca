-- The audit log: one row per change, written in the change's transaction (autopilot::audit).
-- `id` sorts in the order events were made; the actor's name is a column for $filter.
CREATE TABLE audit_events (
    id VARCHAR(64) PRIMARY KEY,
    at BIGINT NOT NULL,
    actor_upn TEXT NOT NULL,
    body TEXT NOT NULL
);

CREATE INDEX audit_events_at ON audit_events (at);
CREATE INDEX audit_events_actor_upn ON audit_events (actor_upn);
