"""The end-to-end benchmark on a few generated articles: both runners, the same timeline."""

from __future__ import annotations

import sys
from pathlib import Path

from newsline.sample_site import serve_sample_site
from test_pipeline import query

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import e2e_bench  # noqa: E402


def test_the_e2e_bench_runs_both_runners_to_the_same_timeline(prefect_harness: None, tmp_path: Path, capsys) -> None:
    with serve_sample_site(articles=e2e_bench.site_articles(12)) as site:
        figures = {runner: e2e_bench.run_once(site.sitemap_url, runner, 2, tmp_path) for runner in ("default", "dask")}
    for runner, got in figures.items():
        assert got["articles"] == 12, runner
        assert got["articles_per_s"] > 0 and got["pipeline_cpu_s"] > 0 and got["peak_rss_mib"] > 100
        assert got["stage_cpu_s"]["flow"] > 0, runner
    assert figures["dask"]["stage_cpu_s"]["workers"] > 0  # asked of the workers
    assert figures["default"]["stage_cpu_s"]["workers"] == 0  # no workers: the thread pool
    timeline = "SELECT event_date, event_type, participants, locations, n_articles FROM timeline ORDER BY ALL"
    rows = query(tmp_path / "default.duckdb", timeline)
    assert len(rows) > 12
    assert query(tmp_path / "dask.duckdb", timeline) == rows
    printed = capsys.readouterr().out
    assert "dask (2 worker processes): 12 articles (0 errors)" in printed
