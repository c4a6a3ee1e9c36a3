-- newsline warehouse, version 9: a write clock, so that publishing costs what changed, not
-- what is stored. Every row of a published table carries `_written`, a number from one
-- sequence taken when the row was inserted (the column's default) or last updated (writers set
-- `_written = nextval('publication_clock')` in their UPDATEs: warehouse.schema.TOUCH). The
-- snapshot copies only rows written after the previous publication (warehouse.snapshot);
-- `_written` itself is private: readers never see it.
CREATE SEQUENCE publication_clock;
ALTER TABLE articles ADD COLUMN _written BIGINT DEFAULT nextval('publication_clock');
ALTER TABLE article_urls ADD COLUMN _written BIGINT DEFAULT nextval('publication_clock');
ALTER TABLE event_mentions ADD COLUMN _written BIGINT DEFAULT nextval('publication_clock');
ALTER TABLE fetch_log ADD COLUMN _written BIGINT DEFAULT nextval('publication_clock');
ALTER TABLE pages ADD COLUMN _written BIGINT DEFAULT nextval('publication_clock');
ALTER TABLE pipeline_runs ADD COLUMN _written BIGINT DEFAULT nextval('publication_clock');
ALTER TABLE source_documents ADD COLUMN _written BIGINT DEFAULT nextval('publication_clock');
ALTER TABLE timeline ADD COLUMN _written BIGINT DEFAULT nextval('publication_clock');
ALTER TABLE timeline_mentions ADD COLUMN _written BIGINT DEFAULT nextval('publication_clock');
ALTER TABLE resolved_events ADD COLUMN _written BIGINT DEFAULT nextval('publication_clock');
ALTER TABLE event_dates ADD COLUMN _written BIGINT DEFAULT nextval('publication_clock');
ALTER TABLE event_members ADD COLUMN _written BIGINT DEFAULT nextval('publication_clock');
-- Which published file the clock was last read for: its identity on disk and the clock then.
CREATE TABLE publications (
    published_path VARCHAR PRIMARY KEY,
    clock BIGINT NOT NULL,
    file_identity VARCHAR NOT NULL,
    published_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
);
