-- RONI risk assessments, alerts, their delivery to each service, and the disclosure audit.

-- Every assessment is kept; the current one per young person has no superseded_at.
create table risk_assessment (
    id                bigserial primary key,
    hub_id            uuid not null references young_person (hub_id),
    rule_set          text not null,
    rule_set_version  text not null,
    as_at             date not null,
    nc_year           smallint,
    in_scope          boolean not null,
    score             integer not null,
    band              text not null check (band in ('RED', 'AMBER', 'GREEN', 'NONE')),
    factors           jsonb not null,
    cause             text not null,
    assessed_at       timestamptz not null default now(),
    superseded_at     timestamptz
);
create unique index risk_assessment_current on risk_assessment (hub_id) where superseded_at is null;
create index risk_assessment_history on risk_assessment (hub_id, id desc);

-- What practitioners added: context (ANNOTATE), a flag or one indicator held back (SUPPRESS) or released.
create table risk_review (
    id                bigserial primary key,
    hub_id            uuid not null references young_person (hub_id),
    assessment_id     bigint references risk_assessment (id),
    action            text not null check (action in ('ANNOTATE', 'SUPPRESS', 'UNSUPPRESS')),
    indicator         text,
    reason            text not null,
    decided_by        text not null,
    decided_at        timestamptz not null default now()
);
create index risk_review_by_person on risk_review (hub_id, id);

-- An alert: something a service must act on, once. dedupe_key makes a repeated cause fire nothing new.
create table alert (
    id                uuid primary key,
    alert_type        text not null,
    hub_id            uuid references young_person (hub_id),
    school            text,
    dedupe_key        text not null unique,
    reason            text not null,
    facts             jsonb not null,
    cause             text not null,
    created_at        timestamptz not null default now()
);
create index alert_by_type on alert (alert_type, created_at);

-- One delivery of an alert to one service, on that service's channel, with only its allowed fields.
create table alert_delivery (
    id                bigserial primary key,
    alert_id          uuid not null references alert (id),
    service_id        text not null,
    channel           text not null,
    fields            text[] not null,
    state             text not null check (state in ('PENDING', 'DELIVERED', 'DEAD')),
    attempts          integer not null default 0,
    last_error        text,
    created_at        timestamptz not null default now(),
    delivered_at      timestamptz,
    unique (alert_id, service_id)
);
create index alert_delivery_pending on alert_delivery (service_id, state) where state = 'PENDING';

-- Every disclosure of personal data to a partner: who received it, about whom, which fields, when, why.
create table disclosure_audit (
    id                bigserial primary key,
    service_id        text not null,
    hub_id            uuid,
    alert_id          uuid,
    delivery_id       bigint,
    fields            text[] not null,
    reason            text not null,
    channel           text not null,
    disclosed_at      timestamptz not null default now()
);
create index disclosure_audit_by_person on disclosure_audit (hub_id, disclosed_at);
create index disclosure_audit_by_service on disclosure_audit (service_id, disclosed_at);

-- Where a young person lived before their latest postcode: a move out of the LA is noticed (TRANSFER_OUT).
alter table young_person add column previous_postcode text;
