-- The not-known queue (docs/contact-queue.md). Who is on it is worked out from the facts whenever it is asked; only
-- what people do with it is stored: who an entry is assigned to, and every contact attempt with its outcome.

-- One assignment per young person (their own hub id, never a record merged into them): a team, a worker or both.
create table contact_assignment (
    hub_id       uuid primary key references young_person (hub_id),
    team         text,
    worker       text,
    assigned_by  text not null,
    assigned_at  timestamptz not null default now(),
    check (team is not null or worker is not null)
);

-- Every contact attempt, kept as the audit of who tried, when, and what came of it. An outcome that changes the
-- record (REACHED, REFUSED, MOVED_AWAY) names the run of the contact-attempts feed that wrote it.
create table contact_attempt (
    id              bigserial primary key,
    hub_id          uuid not null references young_person (hub_id),
    reason          text not null,
    outcome         text not null check (outcome in ('REACHED', 'NOT_REACHED', 'MOVED_AWAY', 'REFUSED')),
    activity_code   text,
    activity_start  date,
    new_la          text,
    note            text,
    recorded_by     text not null,
    attempted_at    timestamptz not null default now(),
    run_id          bigint,
    check (outcome <> 'REACHED' or (activity_code is not null and activity_start is not null)),
    check (outcome <> 'MOVED_AWAY' or new_la is not null)
);
create index contact_attempt_by_person on contact_attempt (hub_id, attempted_at desc);
