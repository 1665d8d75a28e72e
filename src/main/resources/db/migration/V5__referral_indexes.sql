-- Referrals are read by young person (alert rules, every batch), by run (the RECEIVED event each batch adds)
-- and their events by referral; without these each of those reads scans the whole table.
create index referral_by_person on referral (hub_id);
create index referral_by_run on referral (run_id);
create index referral_event_by_referral on referral_event (referral_id);

-- Never written or read: an activity's source is its feed, run and line.
alter table activity drop column source_ref;
