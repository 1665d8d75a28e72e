-- Where the referral was made (a school, a youth centre, a Jobcentre, an event): partners report referrals by venue.
alter table referral add column venue text;
