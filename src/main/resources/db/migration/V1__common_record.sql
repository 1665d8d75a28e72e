-- Pathways Hub common record: one row per young person, the identifiers partners know them by,
-- the facts each feed contributes (with the run and line they came from), and the operational
-- tables that make every record accounted for (runs, quarantine, issues, idempotency keys, outbox).

-- People -------------------------------------------------------------------------------------

create table young_person (
    hub_id          uuid primary key,
    given_name      text,
    middle_names    text,
    family_name     text,
    dob             date,
    gender          char(1),
    postcode        text,
    -- the date the name/DOB/postcode above were true (census date, or the date received)
    details_as_of   date,
    details_feed    text,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    -- set when identity resolution folds this record into another; undoing the merge clears it
    merged_into     uuid references young_person (hub_id)
);

-- Every identifier a partner uses for a young person: UPN, ULN, YPID (NCCIS YoungPersonsID), NINO,
-- or LOCAL:<feed-id> for a partner's own reference. One identifier names one person.
create table person_identifier (
    scheme          text not null,
    value           text not null,
    hub_id          uuid not null references young_person (hub_id) deferrable initially deferred,
    source_feed     text not null,
    first_run_id    bigint,
    created_at      timestamptz not null default now(),
    primary key (scheme, value)
);
create index person_identifier_by_person on person_identifier (hub_id);

-- Feed runs and everything a run did with its records ------------------------------------------

create table feed_run (
    id              bigserial primary key,
    feed_id         text not null,
    kind            text not null,
    source          text,            -- file name, SQL high-water mark, or request id
    file_size       bigint,
    file_sha256     text,
    state           text not null check (state in ('RUNNING', 'COMPLETED', 'FAILED', 'INTERRUPTED')),
    node            text,
    started_at      timestamptz not null default now(),
    finished_at     timestamptz,
    heartbeat_at    timestamptz not null default now(),
    received        integer not null default 0,
    stored          integer not null default 0,
    quarantined     integer not null default 0,
    duplicates      integer not null default 0,
    warnings        integer not null default 0,
    last_line       bigint not null default 0,
    failure_reason  text,
    constraint every_record_accounted_for check (received = stored + quarantined + duplicates)
);
create index feed_run_latest on feed_run (feed_id, id desc);
create index feed_run_running on feed_run (state) where state = 'RUNNING';

-- A record that could not be stored, kept whole (column -> value) so it can be fixed and replayed.
create table quarantined_record (
    id              bigserial primary key,
    run_id          bigint not null references feed_run (id),
    feed_id         text not null,
    line_no         bigint,
    element         text,            -- XML path, or JSON pointer, where there are no lines
    raw_record      jsonb not null,
    state           text not null default 'OPEN' check (state in ('OPEN', 'REPLAYED', 'DISMISSED')),
    created_at      timestamptz not null default now()
);
create index quarantined_record_by_run on quarantined_record (run_id, line_no);

-- Every problem found in a record: REJECT (the record is quarantined) or WARNING (the record was
-- stored without the offending value). Names the line or element, column, common field, value and rule.
create table record_issue (
    id              bigserial primary key,
    run_id          bigint not null references feed_run (id),
    quarantined_id  bigint references quarantined_record (id),
    severity        text not null check (severity in ('REJECT', 'WARNING')),
    line_no         bigint,
    element         text,
    column_name     text,
    field           text,
    value           text,
    rule            text not null,
    dfe_error       integer,
    reason          text not null
);
create index record_issue_by_run on record_issue (run_id, severity, line_no);

-- One key per record content per feed: a record seen before is a duplicate and stores nothing.
create table ingest_key (
    feed_id         text not null,
    record_key      bytea not null,
    run_id          bigint not null,
    primary key (feed_id, record_key)
);

-- High-water marks of incremental pulls (SQL views read by updated_at).
create table feed_watermark (
    feed_id         text primary key,
    mark            text not null,
    updated_at      timestamptz not null default now()
);

-- File read locks shared by every hub node (Camel's JDBC idempotent repository, orphan-lock aware).
create table camel_messageprocessed (
    processorName   varchar(255) not null,
    messageId       varchar(1000) not null,
    createdAt       timestamp not null,
    primary key (processorName, messageId)
);

-- Facts per period --------------------------------------------------------------------------

create table school_census (
    hub_id          uuid not null references young_person (hub_id),
    census_date     date not null,
    laestab         char(7) not null,
    nc_year         smallint,
    fsm             boolean,
    sen_provision   char(1) check (sen_provision in ('N', 'K', 'E')),
    first_language  text,
    run_id          bigint not null,
    line_no         bigint,
    recorded_at     timestamptz not null default now(),
    primary key (hub_id, census_date, laestab)
);

create table attendance (
    hub_id                   uuid not null references young_person (hub_id),
    laestab                  char(7) not null,
    period_start             date not null,
    period_end               date not null,
    sessions_possible        integer not null,
    sessions_attended        integer not null,
    suspension_count         integer,
    suspension_sessions      integer,
    permanent_exclusion_date date,
    run_id                   bigint not null,
    line_no                  bigint,
    recorded_at              timestamptz not null default now(),
    primary key (hub_id, laestab, period_start, period_end),
    check (sessions_attended <= sessions_possible),
    check (period_end >= period_start)
);

-- NCCIS activity history: one row per activity spell, from whichever feed reported it.
create table activity (
    id                  bigserial primary key,
    hub_id              uuid not null references young_person (hub_id),
    activity_code       char(3) not null,
    start_date          date,
    end_date            date,
    date_ascertained    date,
    date_verified       date,
    review_date         date,
    due_to_lapse_date   date,
    currency_lapsed     boolean,
    predicted_end_date  date,
    neet_start_date     date,
    establishment_number char(7),
    ukprn               char(8),
    source_feed         text not null,
    source_ref          text,
    run_id              bigint not null,
    line_no             bigint,
    recorded_at         timestamptz not null default now()
);
create index activity_by_person on activity (hub_id, start_date desc);

-- Characteristics (NCCIS IC01 codes and children's-services statuses) with the dates they held.
create table characteristic (
    id              bigserial primary key,
    hub_id          uuid not null references young_person (hub_id),
    code            text not null,
    from_date       date,
    to_date         date,
    source_feed     text not null,
    run_id          bigint not null,
    recorded_at     timestamptz not null default now()
);
create index characteristic_by_person on characteristic (hub_id, code);

-- Events leave in the same transaction as the change that caused them --------------------------

create table outbox (
    id              bigserial primary key,
    event_id        uuid not null unique,
    destination     text not null,
    payload         jsonb not null,
    created_at      timestamptz not null default now(),
    published_at    timestamptz
);
create index outbox_unpublished on outbox (id) where published_at is null;
