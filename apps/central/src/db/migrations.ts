/**
 * Forward-only schema migrations of the city centre, as in the hub: each runs once, in order, in a transaction;
 * `schema_version` records how far a database has come. Never edit a migration that has shipped: add the next one.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: the halls registry, every hall's raw event log (partitioned by month), where each hall's chain stands
  `
  CREATE TABLE halls (
    hall_id text PRIMARY KEY,
    name text NOT NULL,
    region text NOT NULL,
    -- SHA-256 of the hub's token (a random 256-bit secret: a slow hash would add nothing but cost per batch)
    credential_hash text NOT NULL,
    revoked_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
  );

  -- The chain as verified so far: the highest entry id stored for the hall, and that entry's hash.
  CREATE TABLE hall_cursors (
    hall_id text PRIMARY KEY REFERENCES halls,
    stored_through bigint NOT NULL DEFAULT 0,
    last_hash text NOT NULL,
    last_event_at timestamptz,
    last_received_at timestamptz
  );

  -- The hubs' logs, entry for entry; payload is the exact JSON text the hub hashed. The key must hold the
  -- partition column; (hall_id, entry_id) is unique because each hall's entries are stored under its cursor's
  -- row lock, one after the other.
  CREATE TABLE events (
    hall_id text NOT NULL,
    entry_id bigint NOT NULL,
    hall_seq bigint,
    at timestamptz NOT NULL,
    type text NOT NULL,
    actor_kind text NOT NULL,
    actor_id text,
    device_id text,
    payload text NOT NULL,
    prev_hash text NOT NULL,
    hash text NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (hall_id, entry_id, at)
  ) PARTITION BY RANGE (at);

  -- A hall whose log is not the one the centre verified so far: a gap, a fork, an altered or rewritten entry.
  CREATE TABLE chain_alerts (
    id bigserial PRIMARY KEY,
    hall_id text NOT NULL REFERENCES halls,
    kind text NOT NULL,
    entry_id bigint,
    detail text NOT NULL,
    at timestamptz NOT NULL DEFAULT now(),
    resolved_at timestamptz
  );
  CREATE INDEX chain_alerts_open ON chain_alerts (hall_id) WHERE resolved_at IS NULL;
  `,
];
