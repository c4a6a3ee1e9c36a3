-- newsline warehouse, version 5 (issue 15a: extraction).
-- What each mention says of its event as of the article's publication, and how its date was
-- obtained (see transforms/models.py: EventStatus, DateBasis).
-- `status`: happened | ongoing | planned | negated | hypothetical (rows from before: happened).
-- `date_basis`: explicit (the text states the calendar date) | relative (resolved against the
-- publication date or another date of the text) | NULL (no date).
ALTER TABLE event_mentions ADD COLUMN status VARCHAR NOT NULL DEFAULT 'happened';
ALTER TABLE event_mentions ADD COLUMN date_basis VARCHAR;
