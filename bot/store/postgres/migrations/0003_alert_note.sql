-- The matcher's reading of who acts on whom ("brought by the prosecutor"), shown beside the
-- quoted evidence. Alerts stored before this have none.
ALTER TABLE alerts ADD COLUMN note text NOT NULL DEFAULT '';
