-- prosecutor-watch schema, version 1.
-- Uniqueness is enforced here, not in Python: two workers (or a retried transaction) can never
-- store a second copy of a seen mark, an alert or an outbox row. Rows carry `seq` where the
-- store promises insertion order; every table a guild owns carries guild_id.

CREATE TABLE sources (
    id                 text PRIMARY KEY,
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    kind               text NOT NULL,
    url                text NOT NULL,
    label              text NOT NULL DEFAULT '',
    prosecutor_id      text,
    guild_ids          text[] NOT NULL DEFAULT '{}',
    auto               boolean NOT NULL DEFAULT true,
    push               boolean NOT NULL DEFAULT false,
    enabled            boolean NOT NULL DEFAULT true,
    seeded             boolean NOT NULL DEFAULT false,
    interval_seconds   integer NOT NULL DEFAULT 300 CHECK (interval_seconds > 0),
    headers_env        text,
    etag               text,
    last_modified      text,
    body_hash          text,
    last_attempt       timestamptz,
    last_success       timestamptz,
    last_error         text,
    error_reason       text,
    consecutive_errors integer NOT NULL DEFAULT 0,
    next_check_at      timestamptz,
    disabled_reason    text,
    items_last         integer NOT NULL DEFAULT 0,
    -- A worker's claim: nobody else polls the source until lease_until passes.
    lease_owner        text,
    lease_until        timestamptz
);
CREATE INDEX sources_due ON sources (next_check_at NULLS FIRST) WHERE enabled;
CREATE INDEX sources_guilds ON sources USING gin (guild_ids);

CREATE TABLE seen (
    key     text PRIMARY KEY,
    seen_at timestamptz NOT NULL
);
CREATE INDEX seen_age ON seen (seen_at);

CREATE TABLE alerts (
    alert_key         text PRIMARY KEY,
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    prosecutor_id     text NOT NULL,
    prosecutor_name   text NOT NULL,
    prosecutor_office text NOT NULL DEFAULT '',
    event_type        text NOT NULL,
    second_type       text,
    score             double precision NOT NULL,
    evidence          text[] NOT NULL DEFAULT '{}',
    title             text NOT NULL,
    summary           text NOT NULL DEFAULT '',
    link              text,
    outlet            text,
    origin            text,
    published         timestamptz,
    source_id         text NOT NULL,
    item_key          text NOT NULL,
    court             text,
    docket_number     text,
    case_name         text,
    entry             text,
    document_number   text,
    tokens            text[] NOT NULL DEFAULT '{}',
    also_reported_by  text[] NOT NULL DEFAULT '{}',
    first_seen        timestamptz NOT NULL,
    guild_id          text  -- NULL: shared; else only from feeds that one server added
);
-- Story clustering looks up one prosecutor's recent alerts of one type.
CREATE INDEX alerts_recent ON alerts (prosecutor_id, event_type, first_seen);
CREATE INDEX alerts_age ON alerts (first_seen);

CREATE TABLE outbox (
    id              text PRIMARY KEY,
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    kind            text NOT NULL
                    CHECK (kind IN ('alert', 'notice', 'summary', 'digest', 'update')),
    alert_key       text,
    guild_id        text NOT NULL,
    channel_id      text NOT NULL,
    status          text NOT NULL,
    nonce           text NOT NULL UNIQUE,
    mention_role_id text,
    attempts        integer NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL,
    next_attempt_at timestamptz NOT NULL,
    delivered_at    timestamptz,
    message_id      text,
    last_error      text,
    text            text,
    covers          text[] NOT NULL DEFAULT '{}',  -- summary and digest rows: the rows listed
    thread_id       text
);
-- An alert reaches a channel once, ever (update rows may follow it into its thread).
CREATE UNIQUE INDEX outbox_alert_once ON outbox (alert_key, channel_id) WHERE kind = 'alert';
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_channel ON outbox (channel_id, status);
CREATE INDEX outbox_guild ON outbox (guild_id);

CREATE TABLE guilds (
    guild_id text PRIMARY KEY,
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    mention  jsonb,
    timezone text  -- IANA name; NULL is UTC
);

CREATE TABLE watches (
    guild_id      text NOT NULL REFERENCES guilds ON DELETE CASCADE,
    seq           bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    prosecutor_id text NOT NULL,
    person        jsonb NOT NULL,
    PRIMARY KEY (guild_id, prosecutor_id)
);
CREATE INDEX watches_person ON watches (prosecutor_id);

-- Bumped by every change to any watchlist: processes keep their matcher while it stands still.
CREATE TABLE watch_version (
    id      boolean PRIMARY KEY DEFAULT true CHECK (id),
    version bigint NOT NULL
);
INSERT INTO watch_version VALUES (true, 1);
CREATE FUNCTION bump_watch_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE watch_version SET version = version + 1;
    RETURN NULL;
END $$;
CREATE TRIGGER watches_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON watches
    FOR EACH STATEMENT EXECUTE FUNCTION bump_watch_version();

CREATE TABLE subscriptions (
    id            text PRIMARY KEY,
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    guild_id      text NOT NULL,
    channel_id    text NOT NULL,
    prosecutor_id text NOT NULL,
    types         text[] NOT NULL DEFAULT '{}',
    UNIQUE (guild_id, channel_id, prosecutor_id)
);

CREATE TABLE channels (
    channel_id     text PRIMARY KEY,
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    guild_id       text NOT NULL,
    digest         text NOT NULL DEFAULT 'off',
    digest_time    text NOT NULL DEFAULT '08:00',
    last_digest_at timestamptz,
    status         text NOT NULL DEFAULT 'active',
    reason         text,
    changed_at     timestamptz,
    threads        boolean NOT NULL DEFAULT false
);
CREATE INDEX channels_guild ON channels (guild_id);

CREATE TABLE feedback (
    guild_id      text NOT NULL,
    seq           bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    alert_key     text NOT NULL,
    kind          text NOT NULL,
    prosecutor_id text NOT NULL,
    event_type    text NOT NULL,
    origin        text,
    evidence      text[] NOT NULL DEFAULT '{}',
    at            timestamptz NOT NULL,
    PRIMARY KEY (guild_id, alert_key)
);

-- A guild's request for recent items, fulfilled when its sources are first polled; one pending
-- request per guild and prosecutor (or feed).
CREATE TABLE backfills (
    id            text PRIMARY KEY,
    guild_id      text NOT NULL,
    days          integer NOT NULL,
    requested_at  timestamptz NOT NULL,
    prosecutor_id text,
    source_id     text,
    UNIQUE NULLS NOT DISTINCT (guild_id, prosecutor_id, source_id)
);

-- Discord told us to wait before posting to this channel again.
CREATE TABLE channel_holds (
    channel_id text PRIMARY KEY,
    until      timestamptz NOT NULL
);

CREATE TABLE meta (
    name  text PRIMARY KEY,
    value jsonb
);

-- The gateway process LISTENs here; a worker's commit that queued outbox rows NOTIFYs it.
CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('outbox', '');
    RETURN NULL;
END $$;
CREATE TRIGGER outbox_queued AFTER INSERT ON outbox
    FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();
