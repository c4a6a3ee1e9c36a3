-- newsline warehouse, version 7: articles saved but not yet resolved.
-- A batch of cleaning and extraction adds its articles here in the transaction that saves them;
-- the transaction that writes their resolution removes them. A run that stops in between
-- (a crash, a lock it gave up on) leaves them here, and the next run resolves them: no mention
-- is saved and then forgotten by the incremental resolver.
CREATE TABLE unresolved_articles (article_id VARCHAR PRIMARY KEY);
