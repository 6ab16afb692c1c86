-- Reports are kept as typed tables (pipeline/report_storage.h): the
-- columns with their types as JSON, and the cells by column as JSON, where
-- numbers are numbers and an empty cell is null. A report written from now
-- on leaves `body` empty; one kept before has NULL here and its CSV in
-- `body`, which the reader still reads by the report's declared columns.
ALTER TABLE analysis_reports ADD COLUMN table_columns TEXT
;
ALTER TABLE analysis_reports ADD COLUMN table_cells TEXT
;
