-- The referral life cycle: each event says what moved the referral and what the referrer is told (when, where,
-- who, the reason, the activity started), and the referral keeps when its state last changed.
alter table referral_event add column details jsonb not null default '{}';
alter table referral_event add column recorded_by text;
alter table referral add column state_changed_at timestamptz;
update referral set state_changed_at = received_at where state_changed_at is null;
create index referral_by_service on referral (to_service, state);
create index referral_by_sender on referral (from_org, state);
