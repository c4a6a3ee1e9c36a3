-- newsline warehouse, version 1.
-- Tables are written by the pipeline only; other teams read `timeline` (and the exports).

-- Every URL the pipeline has asked for, with its raw body kept so that cleaning and extraction
-- can be re-run without refetching. `state` is the page's place in the pipeline:
--   fetched  → raw body stored, not yet cleaned (a crash after fetching leaves pages here and
--              the next run picks them up);
--   article  → cleaned into a row of `articles`;
--   rejected → not an article (index page, empty, not English, …), see `reason`;
--   failed   → the fetch failed, see `reason`; retried by the next run.
CREATE TABLE pages (
    url                 VARCHAR PRIMARY KEY,   -- normalised (tracking parameters removed)
    listed_url          VARCHAR NOT NULL,      -- as the source listed it
    final_url           VARCHAR,               -- after redirects
    source_name         VARCHAR NOT NULL,
    listed_title        VARCHAR,
    listed_published_at TIMESTAMPTZ,
    state               VARCHAR NOT NULL CHECK (state IN ('fetched', 'article', 'rejected', 'failed')),
    reason              VARCHAR,
    attempts            INTEGER NOT NULL DEFAULT 0,
    http_status         INTEGER,
    content_type        VARCHAR,
    etag                VARCHAR,
    last_modified       VARCHAR,
    body                BLOB,
    first_seen_at       TIMESTAMPTZ NOT NULL,
    fetched_at          TIMESTAMPTZ
);

-- HTTP validators of feeds and sitemaps, for conditional GET on the next run.
CREATE TABLE source_documents (
    url           VARCHAR PRIMARY KEY,
    source_name   VARCHAR NOT NULL,
    etag          VARCHAR,
    last_modified VARCHAR,
    last_status   VARCHAR NOT NULL,   -- 'ok', 'not modified' or the failure reason
    checked_at    TIMESTAMPTZ NOT NULL
);

-- One row per distinct article (identical text under two URLs is one article).
CREATE TABLE articles (
    article_id          VARCHAR PRIMARY KEY,   -- derived from content_hash
    url                 VARCHAR NOT NULL,      -- the page it was first read from
    canonical_url       VARCHAR NOT NULL,
    title               VARCHAR,
    author              VARCHAR,
    site_name           VARCHAR,
    published_at        TIMESTAMPTZ,
    published_at_source VARCHAR,
    language            VARCHAR,
    text                VARCHAR NOT NULL,
    content_hash        VARCHAR NOT NULL UNIQUE,
    fetched_at          TIMESTAMPTZ NOT NULL
);

-- One row per event mention: the sentence that tells it, where in the article, and its date.
CREATE TABLE event_mentions (
    mention_id      VARCHAR PRIMARY KEY,
    article_id      VARCHAR NOT NULL,          -- articles.article_id (not enforced: DuckDB forbids
                                           -- deleting a referenced row even inside one transaction)
    sentence_index  INTEGER NOT NULL,
    sentence_start  INTEGER NOT NULL,      -- character offsets into articles.text
    sentence_end    INTEGER NOT NULL,
    sentence_text   VARCHAR NOT NULL,
    event_type      VARCHAR NOT NULL,
    trigger         VARCHAR NOT NULL,
    trigger_start   INTEGER NOT NULL,
    participants    VARCHAR[] NOT NULL,
    locations       VARCHAR[] NOT NULL,
    time_text       VARCHAR,               -- the time expression as written
    time_value      VARCHAR,               -- its TIMEX3 value, e.g. 2025-08-15, 2022-02, P3Y
    event_date      DATE,                  -- first day of the period the mention is dated to
    date_precision  VARCHAR
);

-- One row per real-world event.
CREATE TABLE timeline (
    event_id          VARCHAR PRIMARY KEY,   -- stable across runs
    event_date        DATE NOT NULL,         -- first day of the period when coarser than a day
    date_precision    VARCHAR NOT NULL CHECK (date_precision IN ('day', 'week', 'month', 'season', 'quarter', 'year')),
    event_type        VARCHAR NOT NULL,
    title             VARCHAR NOT NULL,
    participants      VARCHAR[] NOT NULL,
    locations         VARCHAR[] NOT NULL,
    n_articles        INTEGER NOT NULL,
    n_mentions        INTEGER NOT NULL,
    first_reported_at TIMESTAMPTZ,
    last_reported_at  TIMESTAMPTZ,
    sources           VARCHAR[] NOT NULL      -- article URLs
);

-- Lineage: which mentions make up each timeline event.
CREATE TABLE timeline_mentions (
    event_id   VARCHAR NOT NULL,
    mention_id VARCHAR NOT NULL,
    dated_by   VARCHAR NOT NULL CHECK (dated_by IN ('own', 'inherited')),  -- 'inherited': the
                                          -- mention has no date of its own; the event's applies
    PRIMARY KEY (event_id, mention_id)
);

-- One row per pipeline run (an audit log; the only table a no-op run appends to).
CREATE TABLE pipeline_runs (
    run_id       VARCHAR PRIMARY KEY,
    started_at   TIMESTAMPTZ NOT NULL,
    finished_at  TIMESTAMPTZ NOT NULL,
    discovered   INTEGER NOT NULL,
    fetched      INTEGER NOT NULL,
    failed       INTEGER NOT NULL,
    articles     INTEGER NOT NULL,
    rejected     INTEGER NOT NULL,
    mentions     INTEGER NOT NULL,
    timeline_inserted INTEGER NOT NULL,
    timeline_updated  INTEGER NOT NULL,
    timeline_deleted  INTEGER NOT NULL
);
