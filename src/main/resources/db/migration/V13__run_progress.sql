-- How far a running file has been read, for its progress (records of total, rate, time left).
alter table feed_run add column bytes_read bigint;
