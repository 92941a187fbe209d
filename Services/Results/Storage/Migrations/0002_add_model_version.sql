-- The version of the model that answered; NULL for results stored before versions were recorded.
ALTER TABLE results ADD COLUMN model_version text;
