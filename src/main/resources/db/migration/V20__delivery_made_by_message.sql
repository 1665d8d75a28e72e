-- The broker message a queue delivery was made by. Its send to the service's queue commits with that message, after
-- the delivery is recorded here: the same message come back means the commit failed (the broker went away) and the
-- send was undone with it, so it is made again; another message for the same delivery (the outbox relay sent it
-- twice) is not.
alter table alert_delivery add column made_by_message text;
