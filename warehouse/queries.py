"""Five questions analysts typically ask the published warehouse (timed by
benchmarks/scale_bench.py; also examples of how to read it)."""

from __future__ import annotations

ANALYST_QUERIES: dict[str, str] = {
    "events per month and type": """
        SELECT date_trunc('month', event_date) AS month, event_type, count(*) AS events
        FROM timeline GROUP BY ALL ORDER BY month, event_type""",
    "one person's timeline": """
        SELECT event_date, event_type, title, n_articles FROM timeline
        WHERE list_contains(participants, 'Vladimir Putin') ORDER BY event_date""",
    "most reported events with their sentences": """
        SELECT t.event_id, t.title, t.n_articles, m.sentence_text, a.url
        FROM (SELECT * FROM timeline ORDER BY n_articles DESC, event_id LIMIT 20) t
        JOIN timeline_mentions tm USING (event_id)
        JOIN event_mentions m USING (mention_id)
        JOIN articles a USING (article_id)
        ORDER BY t.n_articles DESC, t.event_id""",
    "articles per site and week": """
        SELECT site_name, date_trunc('week', published_at) AS week, count(*) AS articles
        FROM articles GROUP BY ALL ORDER BY week, site_name""",
    "articles naming a place in a month": """
        SELECT count(*) FROM articles
        WHERE text ILIKE '%Kharkiv%' AND published_at >= TIMESTAMPTZ '2025-03-01'
          AND published_at < TIMESTAMPTZ '2025-04-01'""",
}
