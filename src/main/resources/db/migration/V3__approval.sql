-- Four-eyes approval: who approved a run and when.
alter table drover_run add column approved_by varchar(128);
alter table drover_run add column approved_at timestamp;
-- room for AWAITING_APPROVAL
alter table drover_run alter column status set data type varchar(32);
