-- A young person (or whoever consented for them) withdrew the consent a referral was shared on: nothing more about
-- it is shared, and what was waiting to go is withheld.
alter table referral add column consent_withdrawn_at timestamptz;
alter table referral add column consent_withdrawn_by text;
alter table referral add column consent_withdrawn_note text;

alter table alert_delivery drop constraint alert_delivery_state_check;
alter table alert_delivery add constraint alert_delivery_state_check
    check (state in ('PENDING', 'DELIVERED', 'DEAD', 'UNSENDABLE', 'WITHHELD'));

-- The lawful basis a referral is shared on (mappings/codes/lawful-basis.yaml), and who gave consent where that is
-- the basis. Referrals kept before this recorded consent given, or not.
alter table referral add column lawful_basis text;
alter table referral add column consent_given_by text;
update referral set lawful_basis = 'CONSENT' where consent_given;
