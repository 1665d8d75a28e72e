-- The change feed behind risk and alerts. A transaction that changes what the hub knows about young people (a
-- feed batch, a merge or its undo) writes a row per young person here with its facts; the reassessment service
-- on any node takes rows (skipping those another node holds), re-scores RONI and runs the alert rules, and
-- deletes the rows in the same transaction as the assessments and alerts. A young person changed again while
-- waiting keeps one row, and the wait is counted from the first change.
create table person_change (
    hub_id          uuid primary key,
    changed_at      timestamptz not null default now(),
    cause           text not null,
    feed_id         text,
    -- failed reassessments: tried again one young person at a time, then set aside for an operator
    attempts        integer not null default 0,
    retry_at        timestamptz,
    last_error      text
);
create index person_change_waiting on person_change (changed_at) where attempts = 0;
create index person_change_retrying on person_change (retry_at) where attempts > 0;
