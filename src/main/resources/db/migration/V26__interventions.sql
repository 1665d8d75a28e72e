-- Disengagement reasons and interventions offered (docs/interventions.md): codes from mappings/codes/
-- disengagement-reason.yaml and intervention.yaml, recorded against a young person, never free text. Each row keeps
-- who recorded it and for which service or organisation; the outcome report is worked out from these and the
-- activity history whenever it is asked. Retention erasure takes both with the young person.

create table disengagement_reason (
    id           bigserial primary key,
    hub_id       uuid not null references young_person (hub_id),
    reason_code  text not null,
    recorded_on  date not null,
    recorded_by  text not null,
    service      text,
    recorded_at  timestamptz not null default now()
);
create index disengagement_reason_by_person on disengagement_reason (hub_id, recorded_on desc);

create table intervention (
    id                 bigserial primary key,
    hub_id             uuid not null references young_person (hub_id),
    intervention_code  text not null,
    offered_on         date not null,
    taken_up           text not null default 'UNKNOWN' check (taken_up in ('YES', 'NO', 'UNKNOWN')),
    -- the disengagement reason it addresses, a code of the reasons list; optional
    reason_code        text,
    recorded_by        text not null,
    service            text,
    recorded_at        timestamptz not null default now()
);
create index intervention_by_person on intervention (hub_id, offered_on desc);
create index intervention_by_day on intervention (offered_on);
