-- the last readiness check of each service and action (preflight run on a schedule, read-only)
create table drover_readiness (
  service     varchar(64)   not null,
  action      varchar(16)   not null,
  state       varchar(16)   not null,
  checked_at  timestamp     not null,
  verified_at timestamp,
  problems    varchar(4000),
  primary key (service, action)
);
