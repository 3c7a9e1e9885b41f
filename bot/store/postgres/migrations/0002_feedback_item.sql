-- Feedback keeps the alerted item's text, so organizers' verdicts are labelled examples
-- (run_bot.py export-feedback) even after the alert itself is pruned. Rows recorded before
-- this have empty text and are left out of the export.
ALTER TABLE feedback
    ADD COLUMN prosecutor_name text NOT NULL DEFAULT '',
    ADD COLUMN title           text NOT NULL DEFAULT '',
    ADD COLUMN summary         text NOT NULL DEFAULT '',
    ADD COLUMN outlet          text,
    ADD COLUMN link            text,
    ADD COLUMN item_date       timestamptz;
