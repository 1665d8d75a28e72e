-- School flags (docs/school-flags.md): what a school's careers lead knows of its own pupils that no feed carries, as a
-- code from mappings/codes/school-flag.yaml and never free text, held from the day it was added to its end date.
-- A flag ended early keeps its row, with who ended it and when: the record of what the school said stays whole.
create table school_flag (
    id          bigserial primary key,
    hub_id      uuid not null references young_person (hub_id),
    laestab     char(7) not null,
    code        text not null,
    start_date  date not null,
    end_date    date not null,
    added_by    text not null,
    added_at    timestamptz not null default now(),
    -- ended early: the flag no longer holds from this day
    ended_on    date,
    ended_by    text,
    ended_at    timestamptz,
    check (end_date >= start_date),
    check ((ended_on is null) = (ended_by is null) and (ended_on is null) = (ended_at is null))
);
create index school_flag_by_person on school_flag (hub_id);
create index school_flag_by_school on school_flag (laestab, end_date);

-- a school's pupils are found from its census returns: by school, not by young person
create index school_census_by_school on school_census (laestab, hub_id);
