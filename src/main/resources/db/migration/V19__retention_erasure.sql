-- Retention (docs/retention.md): a young person past the cohort age limit and the period kept after it is erased with
-- every row held about them, a batch of young people per transaction. These let each batch find those rows by index
-- rather than by reading whole tables.
create index alert_by_person on alert (hub_id) where hub_id is not null;
create index identity_review_by_candidate on identity_review (candidate_id);
create index identity_merge_by_from_person on identity_merge (from_hub_id);
-- quarantined records and warnings name their record by the identifier the partner sent
create index record_issue_by_record_key on record_issue (record_key) where record_key is not null;
-- an alert delivery's message as queued (a dead letter's replay finds it the same way), and the digests listing several
create index outbox_by_delivery on outbox (((payload ->> 'deliveryId')::bigint)) where destination like 'queue:hub.deliver.%';
create index outbox_digests on outbox (id) where (payload -> 'deliveryIds') is not null;
