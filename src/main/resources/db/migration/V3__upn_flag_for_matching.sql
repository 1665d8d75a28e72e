-- A record with a UPN can only be matched by name to a young person who has none (two UPNs are two
-- people), and after the first census nearly everyone has one. Keeping "has a UPN" on the young person
-- lets the candidate search read only the few without, instead of everyone born that day.
alter table young_person add column has_upn boolean not null default false;

update young_person p set has_upn = exists (
    select 1 from person_identifier i join young_person f on f.hub_id = i.hub_id
    where i.scheme = 'UPN' and (f.hub_id = p.hub_id or f.merged_into = p.hub_id));

create index young_person_without_upn_by_dob on young_person (dob) where merged_into is null and not has_upn;
