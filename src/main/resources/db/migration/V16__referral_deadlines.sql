-- A referral that passed one of its service's deadlines (accept within 5 working days, say) without a state that
-- meets it: kept once per referral and deadline, so the escalation is raised once and the list can show it overdue.
create table referral_deadline_breach (
    referral_id     bigint not null references referral (id),
    deadline        text not null,
    due_date        date not null,
    met_by          text[] not null,
    found_at        timestamptz not null default now(),
    primary key (referral_id, deadline)
);
