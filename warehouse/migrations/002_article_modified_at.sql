-- newsline warehouse, version 2.
-- When an article was last modified: the page's own date (JSON-LD dateModified,
-- article:modified_time, og:updated_time), else the HTTP Last-Modified header; never earlier
-- than published_at. `modified_at_source` is 'html' or 'http-last-modified'.
ALTER TABLE articles ADD COLUMN modified_at TIMESTAMPTZ;
ALTER TABLE articles ADD COLUMN modified_at_source VARCHAR;
