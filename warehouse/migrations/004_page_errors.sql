-- newsline warehouse, version 4: one page's failure in cleaning or extraction fails only that page.
-- Such a page gets state 'error', its one-line reason ("clean: ValueError: …") and one more
-- `process_attempts`; later runs clean it again until the attempts reach the limit set in
-- warehouse/store.py (MAX_PROCESS_ATTEMPTS), after which it stays 'error' with its reason.
-- States of a page from now on: fetched, article, rejected, failed, error.
--
-- DuckDB cannot drop a CHECK constraint, so `pages` is rebuilt with whatever columns earlier
-- migrations gave it; its key is kept as a unique index (what ON CONFLICT (url) needs).
CREATE TABLE pages_rebuilt AS SELECT * FROM pages;
DROP TABLE pages;
ALTER TABLE pages_rebuilt RENAME TO pages;
ALTER TABLE pages ALTER COLUMN url SET NOT NULL;
ALTER TABLE pages ALTER COLUMN listed_url SET NOT NULL;
ALTER TABLE pages ALTER COLUMN source_name SET NOT NULL;
ALTER TABLE pages ALTER COLUMN state SET NOT NULL;
ALTER TABLE pages ALTER COLUMN first_seen_at SET NOT NULL;
ALTER TABLE pages ALTER COLUMN attempts SET DEFAULT 0;
ALTER TABLE pages ADD COLUMN process_attempts INTEGER NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX pages_url ON pages (url);  -- last: DuckDB alters no column of an indexed table

-- Pages that failed cleaning or extraction in the run.
ALTER TABLE pipeline_runs ADD COLUMN errors INTEGER NOT NULL DEFAULT 0;
