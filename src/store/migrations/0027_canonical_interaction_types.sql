-- Interaction types as the codes the web UI names: an import before this
-- version kept a Persian type as the file wrote it (normalized for
-- search), so contractual churn and the complaint history, which ask for
-- 'complaint', missed «شکایت». Imports now store the code; this converts
-- the rows already stored. Other types stay as written.
UPDATE interactions SET type = 'complaint' WHERE type = 'شکایت'
;
UPDATE interactions SET type = 'call' WHERE type = 'تماس'
;
UPDATE interactions SET type = 'visit' WHERE type = 'بازدید'
;
UPDATE interactions SET type = 'email' WHERE type = 'رایانامه'
;
UPDATE interactions SET type = 'message' WHERE type = 'پیام'
;
UPDATE interactions SET type = 'note' WHERE type = 'یادداشت'
;
