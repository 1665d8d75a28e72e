-- An assessment's factors are kept as the hub wrote them (json keeps the text; jsonb rewrites it), so a re-score can
-- tell an unchanged assessment by comparing text rather than parsing both; nothing queries inside them.
alter table risk_assessment alter column factors type json using factors::text::json;
