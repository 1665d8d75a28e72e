-- The school that reported a Year 11 September Guarantee offer (school-destinations' LAEstab): the transition drift
-- report counts a young person under it when no census has them in Year 11.
alter table september_guarantee add column la_estab char(7);
