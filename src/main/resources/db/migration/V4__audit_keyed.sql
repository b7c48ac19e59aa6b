-- entries written with a key outside the database carry an HMAC-SHA-256 instead of a plain SHA-256
alter table drover_audit add column keyed boolean not null default false;
