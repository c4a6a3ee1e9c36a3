-- newsline warehouse, version 6 (issue 15b: resolution).
-- Every event resolution holds, whatever its status, with why it is dated as it is; the
-- dates its sources give (the chosen one and the others); and each member mention's part in it
-- and the reason it joined. `timeline` publishes the happened and ongoing ones of these.
-- Incremental resolution loads candidate events from here by type family and period
-- (`event_date`..`event_end`), never all mentions.

-- Written by extraction's migration 005; repeated here so this one stands on its own.
ALTER TABLE event_mentions ADD COLUMN IF NOT EXISTS status VARCHAR DEFAULT 'happened';
ALTER TABLE event_mentions ADD COLUMN IF NOT EXISTS date_basis VARCHAR;

CREATE TABLE resolved_events (
    event_id           VARCHAR PRIMARY KEY,   -- stable across runs; = timeline.event_id
    family             VARCHAR NOT NULL,      -- type family the event is blocked under
    event_type         VARCHAR NOT NULL,
    status             VARCHAR NOT NULL CHECK (status IN ('happened', 'ongoing', 'planned', 'negated', 'hypothetical')),
    event_date         DATE NOT NULL,         -- first day of its period
    event_end          DATE NOT NULL,         -- first day after its period
    date_precision     VARCHAR NOT NULL,
    title              VARCHAR NOT NULL,
    participants       VARCHAR[] NOT NULL,
    locations          VARCHAR[] NOT NULL,
    first_announced_at TIMESTAMPTZ,           -- publication of the first preview announcing it
    date_reason        VARCHAR NOT NULL       -- why this date: the evidence and its weight
);

-- Every date the evidence gives an event: `chosen` is the one it carries; the others are
-- conflicting dates of other sources (or the plan's announced date), with their mentions.
CREATE TABLE event_dates (
    event_id       VARCHAR NOT NULL,
    event_date     DATE NOT NULL,
    date_precision VARCHAR NOT NULL,
    basis          VARCHAR NOT NULL CHECK (basis IN ('reported', 'planned')),
    weight         DOUBLE NOT NULL,
    chosen         BOOLEAN NOT NULL,
    mention_ids    VARCHAR[] NOT NULL
);

-- Each mention's part in its event: 'own' (its date took part in dating it), 'inherited' (no
-- usable date; joined by what it names) or 'evidence' (negated/hypothetical), and why it joined.
CREATE TABLE event_members (
    mention_id VARCHAR PRIMARY KEY,   -- a mention belongs to one event
    event_id   VARCHAR NOT NULL,
    role       VARCHAR NOT NULL CHECK (role IN ('own', 'inherited', 'evidence')),
    reason     VARCHAR NOT NULL
);

ALTER TABLE timeline ADD COLUMN status VARCHAR NOT NULL DEFAULT 'happened';
ALTER TABLE timeline ADD COLUMN first_announced_at TIMESTAMPTZ;
