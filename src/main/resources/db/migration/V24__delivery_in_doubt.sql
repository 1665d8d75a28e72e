-- A queue delivery whose JMS commit failed with its outcome unknown (the broker went away mid-commit): the send may
-- or may not have reached the service. It stays DELIVERED, as most such commits did complete, but the next message
-- about it (its own, redelivered, or the event published again by the outbox relay) sends it again rather than skip it.
alter table alert_delivery add column in_doubt boolean not null default false;
