-- The monthly NCCIS return: each one the hub has written, and the leavers each reported, so a young person who
-- left the cohort (status A, T, E, M, D or L) is reported once, in the first return after they left.
create table nccis_return (
    period_end      date primary key,
    written_at      timestamptz not null default now(),
    file_name       text not null,
    records         integer not null,
    sha256          text not null
);

create table nccis_return_leaver (
    hub_id          uuid not null references young_person (hub_id),
    cohort_status   char(1) not null,
    period_end      date not null references nccis_return (period_end),
    primary key (hub_id, cohort_status)
);

-- A young person the hub reports who has no YoungPersonsID from a CCIS gets one from the hub: the DatabaseID, then
-- a local number from 9,000,000,000 up (a range CCIS local ids do not reach), kept as their YPID identifier.
create sequence nccis_local_id start with 9000000000;
