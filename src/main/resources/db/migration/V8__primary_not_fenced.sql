-- the takeover that could not fence or stop the primary (a primary-side step failed under WARN):
-- until someone states it is fenced, the service may be running on both sites
alter table drover_service_state add column unfenced_run_id varchar(36);
