/**
 * Forward-only schema migrations. Each runs once, in order, inside a transaction; `PRAGMA user_version` records
 * how far a database has come. Never edit a migration that has shipped: add the next one.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: the queue, the event log, people and devices
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

  CREATE TABLE tickets (
    id TEXT PRIMARY KEY,
    number TEXT NOT NULL,
    business_day TEXT NOT NULL,
    service_id TEXT NOT NULL,
    issued_service_id TEXT NOT NULL,
    visitor_class TEXT NOT NULL,
    status TEXT NOT NULL,
    issued_at INTEGER NOT NULL,
    queued_at INTEGER NOT NULL,
    target_window_id TEXT,
    window_id TEXT,
    clerk_id TEXT,
    call_count INTEGER NOT NULL,
    first_called_at INTEGER,
    last_called_at INTEGER,
    started_at INTEGER,
    ended_at INTEGER,
    transfer_count INTEGER NOT NULL,
    visitor_key TEXT,
    visitor_name_masked TEXT,
    kiosk_id TEXT,
    UNIQUE (business_day, number)
  );
  CREATE INDEX tickets_active ON tickets (status) WHERE status IN ('waiting', 'called', 'serving');
  CREATE INDEX tickets_day_service ON tickets (business_day, issued_service_id);
  CREATE INDEX tickets_issued_at ON tickets (issued_at);
  CREATE INDEX tickets_ended ON tickets (status, ended_at);

  CREATE TABLE sequences (
    business_day TEXT NOT NULL,
    service_id TEXT NOT NULL,
    last_sequence INTEGER NOT NULL,
    PRIMARY KEY (business_day, service_id)
  );

  CREATE TABLE window_states (
    window_id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    pause_reason TEXT,
    pause_note TEXT,
    paused_at INTEGER,
    current_ticket_id TEXT,
    clerk_id TEXT,
    since INTEGER NOT NULL
  );

  -- Idempotent issue: a kiosk's request id maps to the one ticket it produced.
  CREATE TABLE issue_requests (
    request_id TEXT PRIMARY KEY,
    ticket_id TEXT NOT NULL REFERENCES tickets (id),
    people_ahead INTEGER NOT NULL,
    estimated_wait_ms INTEGER NOT NULL,
    at INTEGER NOT NULL
  );

  -- Identity data of ID-card tickets: AES-256-GCM ciphertext only; the key lives in a file outside the database.
  CREATE TABLE identities (
    ticket_id TEXT PRIMARY KEY REFERENCES tickets (id),
    visitor_key TEXT NOT NULL,
    iv BLOB NOT NULL,
    ciphertext BLOB NOT NULL,
    tag BLOB NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX identities_created_at ON identities (created_at);

  -- The append-only log of every change, chained by hash so that an altered or removed row shows.
  CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    hall_seq INTEGER UNIQUE,
    at INTEGER NOT NULL,
    type TEXT NOT NULL,
    actor_kind TEXT NOT NULL,
    actor_id TEXT,
    device_id TEXT,
    payload TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
  );
  CREATE INDEX events_type_at ON events (type, at);

  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    staff_number TEXT NOT NULL,
    role TEXT NOT NULL,
    password_hash BLOB NOT NULL,
    password_salt BLOB NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
  );

  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    window_id TEXT,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER
  );

  CREATE TABLE devices (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    window_id TEXT,
    zone TEXT,
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER,
    last_seen_at INTEGER,
    status TEXT
  );

  CREATE TABLE ratings (
    ticket_id TEXT PRIMARY KEY REFERENCES tickets (id),
    window_id TEXT NOT NULL,
    clerk_id TEXT,
    level INTEGER,
    tags TEXT NOT NULL,
    comment TEXT NOT NULL,
    at INTEGER NOT NULL
  );

  CREATE TABLE notices (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    scrolling INTEGER NOT NULL,
    enabled INTEGER NOT NULL,
    position INTEGER NOT NULL
  );
  `,
  // 2: supervision alerts, report summaries, transfers as facts, the audit trail's anchor
  `
  -- Alerts raised by the supervision rules; an open alert has no cleared_at. One open alert per key.
  CREATE TABLE alerts (
    id TEXT PRIMARY KEY,
    key TEXT NOT NULL,
    rule TEXT NOT NULL,
    severity TEXT NOT NULL,
    subject TEXT NOT NULL,
    message_zh TEXT NOT NULL,
    message_en TEXT NOT NULL,
    raised_at INTEGER NOT NULL,
    cleared_at INTEGER,
    acknowledged_at INTEGER,
    acknowledged_by TEXT
  );
  CREATE UNIQUE INDEX alerts_open_key ON alerts (key) WHERE cleared_at IS NULL;
  CREATE INDEX alerts_raised_at ON alerts (raised_at);

  -- Each transfer, once, as it happened: written by the database itself whenever a ticket's transfer count
  -- grows, in the same transaction as the ticket, so reports can say which service and window sent it on.
  CREATE TABLE ticket_transfers (
    id INTEGER PRIMARY KEY,
    ticket_id TEXT NOT NULL,
    business_day TEXT NOT NULL,
    from_service_id TEXT NOT NULL,
    to_service_id TEXT NOT NULL,
    from_window_id TEXT,
    from_clerk_id TEXT
  );
  CREATE INDEX ticket_transfers_day ON ticket_transfers (business_day);
  CREATE TRIGGER tickets_transfer_fact AFTER UPDATE OF transfer_count ON tickets
  WHEN NEW.transfer_count > OLD.transfer_count
  BEGIN
    INSERT INTO ticket_transfers (ticket_id, business_day, from_service_id, to_service_id, from_window_id, from_clerk_id)
    VALUES (NEW.id, NEW.business_day, OLD.service_id, NEW.service_id, OLD.window_id, OLD.clerk_id);
  END;

  -- One summary per business day for reports. Any change to that day's tickets or ratings drops it (triggers,
  -- same transaction), so a summary is never stale; reports rebuild a missing one from the tickets.
  CREATE TABLE report_days (
    business_day TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    data TEXT NOT NULL
  );
  CREATE TRIGGER report_days_ticket_insert AFTER INSERT ON tickets
  BEGIN DELETE FROM report_days WHERE business_day = NEW.business_day; END;
  CREATE TRIGGER report_days_ticket_update AFTER UPDATE ON tickets
  BEGIN DELETE FROM report_days WHERE business_day = NEW.business_day; END;
  CREATE TRIGGER report_days_rating_insert AFTER INSERT ON ratings
  BEGIN DELETE FROM report_days WHERE business_day = (SELECT business_day FROM tickets WHERE id = NEW.ticket_id); END;
  CREATE TRIGGER report_days_rating_update AFTER UPDATE ON ratings
  BEGIN DELETE FROM report_days WHERE business_day = (SELECT business_day FROM tickets WHERE id = NEW.ticket_id); END;
  CREATE INDEX ratings_at ON ratings (at);

  -- The audit trail, filtered by time and by who.
  CREATE INDEX events_at ON events (at);
  CREATE INDEX events_actor ON events (actor_id, id);

  -- The anchor: the log's last entry (id and hash), rewritten with every append in the same transaction.
  -- Deleting the last rows leaves the anchor pointing past the end, which verification reports.
  INSERT INTO meta (key, value)
    SELECT 'audit_anchor', json_object('id', id, 'hash', hash) FROM events ORDER BY id DESC LIMIT 1;
  `,
  // 3: the outbox — a durable cursor per consumer of the event log; webhook subscriptions and their deliveries
  `
  CREATE TABLE outbox_cursors (
    consumer TEXT PRIMARY KEY,
    last_id INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );

  -- The signing secret is sealed (AES-256-GCM, key derived from the key file outside the database).
  CREATE TABLE webhook_subscriptions (
    id TEXT PRIMARY KEY,
    client_id TEXT,
    url TEXT NOT NULL,
    event_types TEXT NOT NULL,
    secret_sealed TEXT NOT NULL,
    status TEXT NOT NULL,
    failures INTEGER NOT NULL DEFAULT 0,
    failing_since INTEGER,
    next_attempt_at INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    deleted_at INTEGER
  );

  -- The last attempts per subscription (kept bounded by the sender), for the console's delivery log.
  CREATE TABLE webhook_deliveries (
    id INTEGER PRIMARY KEY,
    subscription_id TEXT NOT NULL,
    entry_id INTEGER NOT NULL,
    webhook_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    at INTEGER NOT NULL,
    status_code INTEGER,
    error TEXT,
    duration_ms INTEGER NOT NULL
  );
  CREATE INDEX webhook_deliveries_subscription ON webhook_deliveries (subscription_id, id);
  `,
  // 4: clients of the open API — the secret is kept as its SHA-256 only (a 256-bit random value, not a password)
  `
  CREATE TABLE api_clients (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    scopes TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    rate_per_second REAL NOT NULL,
    burst INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER,
    last_used_at INTEGER
  );
  `,
  // 5: credentials and sessions — forced password change, scrypt cost per hash, sessions bound to where they
  // were opened, failed logins per username and source address
  `
  -- 1 while the password is one an admin set (first start, new account, reset): the next login must replace it.
  ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
  -- The scrypt cost the hash was made with ('N,r,p'); NULL is the cost of earlier hubs (2^15, 8, 1).
  ALTER TABLE users ADD COLUMN password_cost TEXT;

  -- A session is bound to the device it was opened on, or (a browser with no device) to the source address.
  ALTER TABLE sessions ADD COLUMN device_id TEXT;
  ALTER TABLE sessions ADD COLUMN address TEXT;
  CREATE INDEX sessions_device ON sessions (device_id) WHERE revoked_at IS NULL;

  -- Failed logins for one username from one source address: the address is held off that username with a
  -- growing delay (never for good, never the username for everyone). \`hallctl clerk unlock\` deletes rows.
  CREATE TABLE login_failures (
    username TEXT NOT NULL,
    address TEXT NOT NULL,
    failures INTEGER NOT NULL,
    last_failed_at INTEGER NOT NULL,
    locked_until INTEGER NOT NULL,
    PRIMARY KEY (username, address)
  );
  `,
  // 6: case numbers (办件编号) on tickets; rating records in the province's layout; 差评 follow-ups (整改)
  `
  ALTER TABLE tickets ADD COLUMN case_number TEXT;
  CREATE INDEX tickets_case_number ON tickets (case_number) WHERE case_number IS NOT NULL;

  -- What the province's record needs, as it was when the visitor rated (a later hall edit does not rewrite it).
  -- The applicant's identity only when the hall says the province requires it: sealed like identities.
  ALTER TABLE ratings ADD COLUMN channel TEXT NOT NULL DEFAULT 'pad';
  ALTER TABLE ratings ADD COLUMN case_number TEXT;
  ALTER TABLE ratings ADD COLUMN item_code TEXT;
  ALTER TABLE ratings ADD COLUMN item_version TEXT;
  ALTER TABLE ratings ADD COLUMN department_code TEXT;
  ALTER TABLE ratings ADD COLUMN region_code TEXT;
  ALTER TABLE ratings ADD COLUMN clerk_username TEXT;
  ALTER TABLE ratings ADD COLUMN clerk_name TEXT;
  ALTER TABLE ratings ADD COLUMN applicant_iv BLOB;
  ALTER TABLE ratings ADD COLUMN applicant_ciphertext BLOB;
  ALTER TABLE ratings ADD COLUMN applicant_tag BLOB;

  -- One follow-up per 差评, opened in the rating's transaction; notes keep every step.
  CREATE TABLE follow_ups (
    id TEXT PRIMARY KEY,
    ticket_id TEXT NOT NULL UNIQUE REFERENCES tickets (id),
    level INTEGER NOT NULL,
    assignee_id TEXT,
    status TEXT NOT NULL,
    opened_at INTEGER NOT NULL,
    due_day TEXT NOT NULL,
    due_at INTEGER NOT NULL,
    resolved_at INTEGER,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX follow_ups_open ON follow_ups (due_at) WHERE status <> 'resolved';
  CREATE TABLE follow_up_notes (
    id INTEGER PRIMARY KEY,
    follow_up_id TEXT NOT NULL REFERENCES follow_ups (id),
    at INTEGER NOT NULL,
    by_user_id TEXT,
    status TEXT NOT NULL,
    text TEXT NOT NULL
  );
  CREATE INDEX follow_up_notes_item ON follow_up_notes (follow_up_id, id);
  `,
  // 7: start-up reads only what it needs (issue 18): the last service times of each service and the last calls
  // come from an index each, instead of a sort over every finished ticket and every call in the history.
  `
  CREATE INDEX IF NOT EXISTS tickets_done_by_service ON tickets (service_id, ended_at) WHERE status = 'done';
  CREATE INDEX IF NOT EXISTS events_type_id ON events (type, id);
  `,
  // 8: behaviour alerts (issue 17) keep the audit entries that caused them, as a JSON array of event ids
  `
  ALTER TABLE alerts ADD COLUMN entry_ids TEXT NOT NULL DEFAULT '[]';
  `,
  // 9: SMS to visitors (issue 15). A visitor's mobile number is sealed (AES-GCM, key file outside the database)
  // and kept with a keyed hash for the daily cap; every decided message is one row, unique per (ticket, kind),
  // so a message is decided once across restarts, and its delivery status lives beside it.
  `
  CREATE TABLE ticket_phones (
    ticket_id TEXT PRIMARY KEY,
    sealed TEXT NOT NULL,
    number_key TEXT NOT NULL,
    masked TEXT NOT NULL,
    language TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX ticket_phones_created ON ticket_phones (created_at);
  CREATE TABLE sms_messages (
    id INTEGER PRIMARY KEY,
    ticket_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    entry_id INTEGER NOT NULL,
    number_key TEXT NOT NULL,
    masked TEXT NOT NULL,
    sealed_phone TEXT,
    text TEXT NOT NULL,
    segments INTEGER NOT NULL,
    business_day TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    not_before INTEGER NOT NULL,
    gateway_id TEXT,
    reason TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    handed_at INTEGER,
    UNIQUE (ticket_id, kind)
  );
  CREATE INDEX sms_messages_due ON sms_messages (not_before) WHERE status IN ('queued', 'sending');
  CREATE INDEX sms_messages_failed ON sms_messages (updated_at) WHERE status = 'failed';
  CREATE INDEX sms_messages_number_day ON sms_messages (number_key, business_day);
  CREATE INDEX sms_messages_gateway ON sms_messages (gateway_id);
  `,
  // 10: 预约 appointments (issue 14). The ID number, name and phone are sealed (AES-GCM, the identity key); the
  // keyed hash of the ID number finds a person's appointments; the masked forms are what screens show. The
  // booking code is the id. Purged with the identity retention: the sealed and masked columns are cleared, the
  // keyed hash stays (no-show blocks count misses over weeks and it reveals nothing without the key file).
  `
  CREATE TABLE appointments (
    code TEXT PRIMARY KEY,
    service_id TEXT NOT NULL,
    day TEXT NOT NULL,
    slot_start TEXT NOT NULL,
    slot_end TEXT NOT NULL,
    starts_at INTEGER NOT NULL,
    ends_at INTEGER NOT NULL,
    visitor_key TEXT NOT NULL,
    status TEXT NOT NULL,
    channel TEXT NOT NULL,
    booked_at INTEGER NOT NULL,
    cancelled_at INTEGER,
    checked_in_at INTEGER,
    missed_at INTEGER,
    ticket_id TEXT,
    late INTEGER NOT NULL DEFAULT 0,
    name_masked TEXT,
    id_masked TEXT,
    phone_masked TEXT,
    sealed TEXT
  );
  CREATE INDEX appointments_slot ON appointments (service_id, day, slot_start);
  CREATE INDEX appointments_visitor ON appointments (visitor_key, day);
  CREATE INDEX appointments_day ON appointments (day, status);
  CREATE INDEX appointments_ticket ON appointments (ticket_id) WHERE ticket_id IS NOT NULL;
  -- When an admin last lifted a person's no-show block: misses up to then no longer count.
  CREATE TABLE appointment_block_lifts (
    visitor_key TEXT PRIMARY KEY,
    lifted_at INTEGER NOT NULL
  );
  `,
  // 11: ticket pages by QR (issue 15): each issued ticket's token, the only key to its page on the public listener.
  // Random (144 bits), unrelated to the ticket's id or number; kept so the same QR code is printed again on a retry.
  `
  CREATE TABLE ticket_tokens (
    token TEXT PRIMARY KEY,
    ticket_id TEXT NOT NULL UNIQUE REFERENCES tickets (id),
    created_at INTEGER NOT NULL
  );
  `,
  // 12: SMS about appointments (issue 15): a message is about a ticket or about an appointment (its booking code),
  // never both; each is unique per (subject, kind) so a restart decides nothing twice. SQLite cannot change a
  // table's constraints in place: the table is rebuilt with the rows it holds (their ticket_id kept as it was).
  `
  CREATE TABLE sms_messages_v12 (
    id INTEGER PRIMARY KEY,
    ticket_id TEXT,
    appointment_code TEXT,
    kind TEXT NOT NULL,
    entry_id INTEGER NOT NULL,
    number_key TEXT NOT NULL,
    masked TEXT NOT NULL,
    sealed_phone TEXT,
    text TEXT NOT NULL,
    segments INTEGER NOT NULL,
    business_day TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    not_before INTEGER NOT NULL,
    gateway_id TEXT,
    reason TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    handed_at INTEGER,
    CHECK ((ticket_id IS NULL) <> (appointment_code IS NULL)),
    UNIQUE (ticket_id, kind),
    UNIQUE (appointment_code, kind)
  );
  INSERT INTO sms_messages_v12 (id, ticket_id, appointment_code, kind, entry_id, number_key, masked, sealed_phone,
    text, segments, business_day, status, attempts, not_before, gateway_id, reason, created_at, updated_at, handed_at)
  SELECT id, ticket_id, NULL, kind, entry_id, number_key, masked, sealed_phone, text, segments, business_day, status,
    attempts, not_before, gateway_id, reason, created_at, updated_at, handed_at FROM sms_messages;
  DROP TABLE sms_messages;
  ALTER TABLE sms_messages_v12 RENAME TO sms_messages;
  CREATE INDEX sms_messages_due ON sms_messages (not_before) WHERE status IN ('queued', 'sending');
  CREATE INDEX sms_messages_failed ON sms_messages (updated_at) WHERE status = 'failed';
  CREATE INDEX sms_messages_number_day ON sms_messages (number_key, business_day);
  CREATE INDEX sms_messages_gateway ON sms_messages (gateway_id);
  `,
];
