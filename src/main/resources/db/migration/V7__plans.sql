-- recovery plans: one row per plan run, one per service it moves (each service still has its own drover_run)
create table drover_plan_run (
  id                  varchar(36)   primary key,
  plan                varchar(64)   not null,
  action              varchar(16)   not null,
  status              varchar(24)   not null,
  outcome             varchar(32),
  requested_by        varchar(128)  not null,
  origin              varchar(128),
  reason              varchar(1000),
  approved_by         varchar(128),
  approved_at         timestamp,
  cancelled_by        varchar(128),
  process_instance_id varchar(64),
  started_at          timestamp     not null,
  ended_at            timestamp
);
create index drover_plan_run_started on drover_plan_run (started_at);

create table drover_plan_service (
  plan_run_id varchar(36)   not null,
  service     varchar(64)   not null,
  position    integer       not null,
  depends_on  varchar(4000) not null,
  uses        varchar(1000) not null,
  critical    boolean       not null,
  state       varchar(32)   not null,
  waiting_on  varchar(1000),
  run_id      varchar(36),
  note        varchar(2000),
  started_at  timestamp,
  ended_at    timestamp,
  primary key (plan_run_id, service)
);
create index drover_plan_service_state on drover_plan_service (state);
