-- what the failure policy made of an attempt (RETRY, WARN, DIE, ASK, ADOPTED...), so that a step run
-- again after a lost commit re-applies it instead of running its command again
alter table drover_step_attempt add column verdict varchar(16);
