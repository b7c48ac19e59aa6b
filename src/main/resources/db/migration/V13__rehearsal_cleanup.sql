-- A rehearsal whose cleanup did not finish: the service keeps the run whose leftovers remain
-- (blocking rehearsals and failovers until a cleanup succeeds or a run is forced), the run its list
-- of leftovers, and a cleanup run (started by 'drover cleanup RUN' or after a cancel) the run it cleans up.
alter table drover_service_state add column cleanup_run_id varchar(36);
alter table drover_run add column cleanup_of varchar(36);
alter table drover_run add column leftovers varchar(4000);
