-- The change feed behind risk and alerts. A transaction that changes what the hub knows about young people (a
-- feed batch, a merge or its undo, a practitioner's review, the nightly re-score) adds an event here naming them,
-- in the same transaction; the reassessment service on any node takes events (skipping those another node holds),
-- re-scores RONI and runs the alert rules for their young people, and deletes the events in the same transaction
-- as the assessments and alerts. Events are only ever added and deleted, so writers never wait on readers.
create table person_change (
    id              bigserial primary key,
    hub_ids         uuid[] not null,
    people          integer not null,
    cause           text not null,
    -- ALL: score, then every alert rule; RISK (the nightly re-score): score, and the rules only for those whose
    -- assessment changed, since nothing else a new score can raise (the daily sweep runs every rule for everyone)
    scope           text not null default 'ALL' check (scope in ('ALL', 'RISK')),
    feed_id         text,
    changed_at      timestamptz not null default now(),
    -- a failed reassessment is tried again one young person at a time, then set aside for an operator
    attempts        integer not null default 0,
    retry_at        timestamptz,
    last_error      text
);
create index person_change_retrying on person_change (retry_at) where attempts > 0;
