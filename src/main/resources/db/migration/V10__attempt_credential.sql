-- how Drover logged in for an attempt: a certificate's serial and key id, or the static key's name
alter table drover_step_attempt add column credential varchar(512);
