-- newsline warehouse, version 8 (issue 14: incremental resolution that does not grow with history).
-- An event dated only weakly (by a plan, or by cues on its articles' own day) may still be joined
-- by a report dated a few days away; one dated by reports may not. Incremental resolution loads
-- the events around a new report's date only when they are weakly dated, so it reads the flag
-- here instead of re-deriving it from every member. Events written before are re-flagged by the
-- next full re-resolve (`newsline run --reprocess`); until then they count as strongly dated.
ALTER TABLE resolved_events ADD COLUMN weakly_dated BOOLEAN DEFAULT false;
