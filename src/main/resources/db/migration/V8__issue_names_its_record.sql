-- Every problem names the record's own key (its primary identifier as the partner sent it: YoungPersonsID, UPN,
-- claim reference), which is what a data team searches for in its own system to fix the record.
alter table record_issue add column record_key text;
