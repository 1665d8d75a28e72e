-- The Appendix D problems found in a month's return before it is sent, record by record, so a data team fixes them
-- at source during the month (each also shows on the young person's record). Replaced each time the return is checked.
create table nccis_return_check (
    period_end      date primary key,
    checked_at      timestamptz not null default now(),
    records         integer not null,
    problems        integer not null
);

create table nccis_return_error (
    id              bigserial primary key,
    period_end      date not null references nccis_return_check (period_end) on delete cascade,
    hub_id          uuid references young_person (hub_id),
    young_persons_id text,
    element         text,
    column_name     text,
    field           text,
    value           text,
    rule            text not null,
    dfe_error       integer,
    reason          text not null
);
create index nccis_return_error_by_period on nccis_return_error (period_end, id);
create index nccis_return_error_by_person on nccis_return_error (hub_id);
