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
  // 2: projections of the logs, kept in the batch's transaction: tickets, windows, ratings, follow-ups, devices,
  // each hall's business day, and daily roll-ups per hall × service × window × clerk ('' where there is none)
  `
  CREATE TABLE tickets (
    hall_id text NOT NULL,
    ticket_id text NOT NULL,
    number text NOT NULL,
    business_day date NOT NULL,
    service_id text NOT NULL,
    issued_service_id text NOT NULL,
    visitor_class text NOT NULL,
    status text NOT NULL,
    issued_at timestamptz NOT NULL,
    first_called_at timestamptz,
    started_at timestamptz,
    ended_at timestamptz,
    window_id text,
    clerk_id text,
    call_count integer NOT NULL,
    transfer_count integer NOT NULL,
    case_number text,
    entry_id bigint NOT NULL,
    PRIMARY KEY (hall_id, ticket_id)
  );
  CREATE INDEX tickets_active ON tickets (hall_id, status) WHERE status IN ('waiting', 'called', 'serving');
  CREATE INDEX tickets_day ON tickets (business_day, hall_id);

  CREATE TABLE windows (
    hall_id text NOT NULL,
    window_id text NOT NULL,
    status text NOT NULL,
    pause_reason text,
    clerk_id text,
    current_ticket_id text,
    since timestamptz NOT NULL,
    entry_id bigint NOT NULL,
    PRIMARY KEY (hall_id, window_id)
  );

  CREATE TABLE ratings (
    hall_id text NOT NULL,
    ticket_id text NOT NULL,
    window_id text NOT NULL,
    clerk_id text,
    level integer,
    tags text[] NOT NULL,
    at timestamptz NOT NULL,
    PRIMARY KEY (hall_id, ticket_id)
  );
  CREATE INDEX ratings_at ON ratings (at);

  CREATE TABLE follow_ups (
    hall_id text NOT NULL,
    follow_up_id text NOT NULL,
    ticket_id text NOT NULL,
    case_number text,
    level integer NOT NULL,
    status text NOT NULL,
    assignee_id text,
    due_day date NOT NULL,
    due_at timestamptz NOT NULL,
    opened_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (hall_id, follow_up_id)
  );
  CREATE INDEX follow_ups_open ON follow_ups (due_at) WHERE status <> 'resolved';

  CREATE TABLE devices (
    hall_id text NOT NULL,
    device_id text NOT NULL,
    kind text,
    name text,
    window_id text,
    components jsonb,
    last_seen_at timestamptz NOT NULL,
    PRIMARY KEY (hall_id, device_id)
  );

  CREATE TABLE hall_days (
    hall_id text PRIMARY KEY,
    business_day date NOT NULL,
    changed_at timestamptz NOT NULL
  );

  CREATE TABLE daily_rollups (
    hall_id text NOT NULL,
    business_day date NOT NULL,
    service_id text NOT NULL,
    window_id text NOT NULL,
    clerk_id text NOT NULL,
    issued integer NOT NULL DEFAULT 0,
    served integer NOT NULL DEFAULT 0,
    no_shows integer NOT NULL DEFAULT 0,
    cancelled integer NOT NULL DEFAULT 0,
    expired integer NOT NULL DEFAULT 0,
    -- over served tickets: issued → first called, and started → finished
    wait_ms_sum bigint NOT NULL DEFAULT 0,
    wait_ms_max bigint NOT NULL DEFAULT 0,
    service_ms_sum bigint NOT NULL DEFAULT 0,
    rated integer NOT NULL DEFAULT 0,
    rating_sum integer NOT NULL DEFAULT 0,
    bad_ratings integer NOT NULL DEFAULT 0,
    PRIMARY KEY (hall_id, business_day, service_id, window_id, clerk_id)
  );
  CREATE INDEX daily_rollups_day ON daily_rollups (business_day);
  `,
  // 3: the city board reads each hall's ratings of today: by hall, then time
  `
  CREATE INDEX ratings_hall_at ON ratings (hall_id, at);
  `,
  // 4: the centre's own people: city admins and city supervisors (read-only), for all halls or one region
  `
  CREATE TABLE city_users (
    username text PRIMARY KEY,
    role text NOT NULL CHECK (role IN ('city-admin', 'city-supervisor')),
    region text,
    token_hash text NOT NULL UNIQUE,
    disabled_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
  );
  `,
  // 5: each hall's services as its hub last configured them (hall:configured): names, wait and service limits
  // (SLA) and the 事项 implementation code. A service the hall later removed keeps its row: its tickets and
  // roll-ups still name it. item_base is the code without the implementing body's credit code (its first 18
  // characters): the same item in every hall that carries it out.
  `
  CREATE TABLE hall_services (
    hall_id text NOT NULL,
    service_id text NOT NULL,
    name_zh text NOT NULL,
    name_en text NOT NULL,
    item_code text,
    item_base text GENERATED ALWAYS AS (nullif(substr(item_code, 19), '')) STORED,
    sla_wait_minutes real NOT NULL,
    sla_service_minutes real NOT NULL,
    entry_id bigint NOT NULL,
    PRIMARY KEY (hall_id, service_id)
  );
  CREATE INDEX hall_services_item ON hall_services (item_base) WHERE item_base IS NOT NULL;
  `,
];
