-- People and machines that use the hub, besides the built-in admin of HUB_ADMIN_USER / HUB_ADMIN_PASSWORD.
create table hub_user (
    username            text primary key,
    password_hash       text not null,            -- Spring Security's encoded form, e.g. {bcrypt}$2a$10$...
    roles               text[] not null,          -- names in mappings/access/roles.yaml
    organisation        text,                     -- a partner's organisation (PARTNER users)
    enabled             boolean not null default true,
    created_at          timestamptz not null default now(),
    password_changed_at timestamptz not null default now()
);

-- API tokens for machines: only a SHA-256 of the token is kept; the token itself is shown once.
create table api_token (
    id           bigserial primary key,
    username     text not null references hub_user (username),
    name         text not null,
    token_sha256 text not null unique,
    created_at   timestamptz not null default now(),
    last_used_at timestamptz,
    revoked_at   timestamptz
);

-- Failed sign-ins by user name (the built-in admin too): repeated failures slow down, then lock.
create table sign_in_failure (
    username        text primary key,
    failures        int not null,
    last_failure_at timestamptz not null,
    locked_until    timestamptz
);

-- Who signed in, and who read which young person, when.
create table access_audit (
    id             bigserial primary key,
    at             timestamptz not null default now(),
    username       text not null,
    action         text not null,
    hub_id         uuid,
    detail         text,
    remote_address text
);
create index access_audit_by_person on access_audit (hub_id, at desc) where hub_id is not null;
create index access_audit_by_user on access_audit (username, at desc);
