-- Every partner feed's facts, and identity resolution across feeds.

-- People: the NCCIS return needs an address and ethnicity.
alter table young_person
    add column address_line1 text,
    add column address_line2 text,
    add column address_line3 text,
    add column address_line4 text,
    add column town text,
    add column county text,
    add column ethnicity text;

-- Activity spells are upserted by what identifies a spell in its source; the current activity is derived.
alter table activity
    add column withdrawn boolean,
    add column establishment_name text,
    add column provider_name text;
create unique index activity_spell on activity (hub_id, source_feed, activity_code, start_date,
    coalesce(ukprn, ''), coalesce(establishment_number, ''));

-- A characteristic reported by a source: from/to when the source gives them, first/last seen always.
alter table characteristic
    add column line_no bigint,
    add column first_seen timestamptz not null default now(),
    add column last_seen timestamptz not null default now();
create unique index characteristic_report on characteristic (hub_id, code, source_feed, coalesce(from_date, '-infinity'::date));

-- NCCIS tracking status as each source last reported it.
create table tracking_status (
    hub_id              uuid not null references young_person (hub_id),
    source_feed         text not null,
    cohort_status       char(1),
    lead_la             char(3),
    educated_la         char(3),
    transferred_to_la   char(3),
    la_at_year11        char(3),
    previous_ypid       text,
    guarantee_indicator char(1),
    level_of_need       char(1),
    send                boolean,
    sen_support         boolean,
    run_id              bigint not null,
    line_no             bigint,
    recorded_at         timestamptz not null default now(),
    primary key (hub_id, source_feed)
);

-- September Guarantee offers (Year 11 and Year 12) and the Year 11 intended destination.
create table september_guarantee (
    hub_id               uuid not null references young_person (hub_id),
    year_group           smallint not null check (year_group in (11, 12)),
    source_feed          text not null,
    guarantee_status     text,
    la_code              char(3),
    offer_ukprn          char(8),
    offer_date           date,
    intended_destination text,
    run_id               bigint not null,
    line_no              bigint,
    recorded_at          timestamptz not null default now(),
    primary key (hub_id, year_group, source_feed)
);

-- Benefit claims reported by Jobcentre Plus, with the claimant's consent to share.
create table benefit_claim (
    hub_id            uuid not null references young_person (hub_id),
    claim_start       date not null,
    benefit_type      text not null,
    jobcentre_office  text,
    work_coach_ref    text,
    consent_to_share  boolean not null,
    run_id            bigint not null,
    line_no           bigint,
    recorded_at       timestamptz not null default now(),
    primary key (hub_id, claim_start, benefit_type)
);

-- Referrals to a named service; their life cycle (accepted, contact made, outcome...) is a list of events.
create table referral (
    id              bigserial primary key,
    from_org        text not null,
    referral_ref    text not null,       -- the sender's own id
    from_contact    text,
    to_service      text not null,
    hub_id          uuid not null references young_person (hub_id),
    reason          text,
    referral_type   text,
    needs           text,
    consent_given   boolean,
    consent_date    date,
    consent_scope   text,
    created_at      timestamptz,
    state           text not null default 'RECEIVED',
    received_at     timestamptz not null default now(),
    run_id          bigint not null,
    line_no         bigint,
    unique (from_org, referral_ref)
);
create table referral_event (
    id              bigserial primary key,
    referral_id     bigint not null references referral (id),
    state           text not null,
    at              timestamptz not null default now(),
    actor           text,
    note            text
);

-- Identity resolution: every decision recorded, every merge undoable -----------------------------

-- A merge folds one person record into another (young_person.merged_into). Automatic merges come from a
-- scored match at ingest; manual ones from the review list. Undo clears the pointers this merge set.
create table identity_merge (
    id              bigserial primary key,
    from_hub_id     uuid not null references young_person (hub_id),
    into_hub_id     uuid not null references young_person (hub_id),
    moved_hub_ids   uuid[] not null,     -- every record that pointed at from_hub_id (and it) before the merge
    method          text not null check (method in ('SCORE', 'REVIEW', 'MANUAL')),
    score           numeric(6, 2),
    reasons         jsonb,
    decided_by      text not null,
    decided_at      timestamptz not null default now(),
    undone_by       text,
    undone_at       timestamptz
);
create index identity_merge_by_person on identity_merge (into_hub_id);

-- Pairs a person could not decide on: the record stays a person of its own until someone decides.
create table identity_review (
    id              bigserial primary key,
    hub_id          uuid not null references young_person (hub_id),
    candidate_id    uuid not null references young_person (hub_id),
    score           numeric(6, 2) not null,
    reasons         jsonb not null,
    feed_id         text not null,
    run_id          bigint not null,
    line_no         bigint,
    state           text not null default 'OPEN' check (state in ('OPEN', 'SAME_PERSON', 'DIFFERENT_PEOPLE')),
    created_at      timestamptz not null default now(),
    decided_by      text,
    decided_at      timestamptz,
    note            text,
    merge_id        bigint references identity_merge (id),
    unique (hub_id, candidate_id)
);
create index identity_review_open on identity_review (state) where state = 'OPEN';

-- Candidates for a scored match are found by date of birth; a young person's records by merged_into.
create index young_person_by_dob on young_person (dob) where merged_into is null;
create index young_person_merged on young_person (merged_into) where merged_into is not null;
