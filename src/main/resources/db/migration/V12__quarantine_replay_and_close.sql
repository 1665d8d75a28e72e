-- A quarantined record is corrected and replayed (a run of its own), or closed with a reason; who and when.
alter table quarantined_record
    add column replayed_run_id bigint references feed_run (id),
    add column closed_reason   text,
    add column decided_by      text,
    add column decided_at      timestamptz;
