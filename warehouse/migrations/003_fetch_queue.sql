-- newsline warehouse, version 3: raw pages in the WARC archive, the retry queue, recrawl,
-- the fetch log, near-duplicates and the doubts of cleaning.

-- Raw bodies move out of the database into append-only WARC files (see warehouse/archive.py);
-- `pages` points at each record. Bodies stored by earlier versions wait in `legacy_page_bodies`
-- until the next fetch run moves them into the archive, so none is lost.
CREATE TABLE legacy_page_bodies AS SELECT url, body FROM pages WHERE body IS NOT NULL;
ALTER TABLE pages DROP COLUMN body;
ALTER TABLE pages ADD COLUMN warc_file VARCHAR;      -- file name inside archive/
ALTER TABLE pages ADD COLUMN warc_offset BIGINT;     -- where its gzip member starts
ALTER TABLE pages ADD COLUMN warc_length BIGINT;     -- and how long it is
-- When the page was last asked for (a retry, a recrawl answered 304): `fetched_at` stays the
-- time of the body we hold.
ALTER TABLE pages ADD COLUMN checked_at TIMESTAMPTZ;
UPDATE pages SET checked_at = fetched_at;
-- A failed page given up on after too many attempts (a dead letter; `reason` says why).
ALTER TABLE pages ADD COLUMN gave_up_at TIMESTAMPTZ;

CREATE VIEW dead_letters AS
    SELECT url, source_name, reason, attempts, gave_up_at FROM pages WHERE gave_up_at IS NOT NULL;

-- One row per HTTP request the fetcher made (retries and redirect hops included; a request
-- refused before it was sent is a row without status).
CREATE TABLE fetch_log (
    url              VARCHAR NOT NULL,
    started_at       TIMESTAMPTZ NOT NULL,
    status           INTEGER,
    bytes            BIGINT NOT NULL,
    duration_seconds DOUBLE NOT NULL,
    outcome          VARCHAR NOT NULL      -- 'ok', 'not modified', 'redirect to …' or the failure
);

-- Every URL an article was seen under: its own page, exact copies and near-duplicates.
CREATE TABLE article_urls (
    url        VARCHAR PRIMARY KEY,
    article_id VARCHAR NOT NULL,
    how        VARCHAR NOT NULL CHECK (how IN ('first', 'same text', 'near-duplicate'))
);
INSERT INTO article_urls SELECT url, article_id, 'first' FROM articles;

-- MinHash signatures of the articles' texts and their LSH bands: a new article is compared
-- only with the articles sharing one of its bands, found through the index.
CREATE TABLE article_signatures (
    article_id VARCHAR PRIMARY KEY,
    url        VARCHAR NOT NULL,
    signature  UBIGINT[] NOT NULL
);
CREATE TABLE article_bands (
    bucket     UBIGINT NOT NULL,     -- hash of the band's number and its part of the signature
    article_id VARCHAR NOT NULL
);
CREATE INDEX article_bands_bucket ON article_bands (bucket);

-- What cleaning was unsure of while keeping the page as an article ("paywall: …",
-- "language: …"): kept rather than thrown away, and said so.
ALTER TABLE articles ADD COLUMN doubts VARCHAR[];
