-- A service may take an alert type once a day, all of that type together (digest: in services.yaml), and the
-- file channel writes one file per service per delivery cycle: such deliveries wait for their batch rather than
-- going through the broker one by one.
alter table alert_delivery add column digest boolean not null default false;

-- An email that cannot be sent (no SMTP server is configured) says so, rather than waiting as PENDING for ever;
-- it is sent with the next digest once a server is configured.
alter table alert_delivery drop constraint alert_delivery_state_check;
alter table alert_delivery add constraint alert_delivery_state_check
    check (state in ('PENDING', 'DELIVERED', 'DEAD', 'UNSENDABLE'));
drop index alert_delivery_pending;
create index alert_delivery_waiting on alert_delivery (service_id, state) where state in ('PENDING', 'UNSENDABLE');

-- When a digest's deliveries went into one message for the broker: they wait for its route, not for a batch.
alter table alert_delivery add column queued_at timestamptz;
