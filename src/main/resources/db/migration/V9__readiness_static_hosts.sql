-- the hosts the last readiness check found reached with a static key (STATIC_CREDENTIAL), comma-separated
alter table drover_readiness add column static_hosts varchar(2000);
