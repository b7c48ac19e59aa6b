-- What a run's procedures and inventory were when it was admitted (SHA-256): a rehearsal proves only
-- the service as it was then, so a later change marks the service NEEDS_VERIFICATION.
alter table drover_run add column fingerprint varchar(64);
