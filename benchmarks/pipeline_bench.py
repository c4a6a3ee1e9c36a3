"""Speed and memory of the pipeline's per-article work, on real news pages.

    .venv/bin/python benchmarks/pipeline_bench.py [../shared/benchmarks]

Runs clean → sentences → extract over the 181 real article pages of the article-extraction
benchmark (third-party data, read in place), then resolve over all their mentions, and prints
articles per second for each stage and the process's peak memory. Then it runs the whole Prefect
flow on the bundled sample site twice (a first run and a no-op second run) and prints wall time.
Not part of the test suite.
"""

from __future__ import annotations

import gzip
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from transforms.clean import clean_page  # noqa: E402
from transforms.extract import extract_mentions  # noqa: E402
from transforms.models import ArticleRef, CleanedArticle  # noqa: E402
from transforms.resolve import resolve  # noqa: E402
from transforms.sentences import split_sentences  # noqa: E402


def peak_memory_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def per_article_stages(pages_dir: Path) -> None:
    pages = [(p.name, gzip.decompress(p.read_bytes())) for p in sorted(pages_dir.glob("*.html.gz"))]
    size_kib = sum(len(body) for _, body in pages) / len(pages) / 1024
    print(f"{len(pages)} real article pages, {size_kib:.0f} KiB of HTML on average")

    started = time.perf_counter()
    articles = [a for name, body in pages
                if isinstance(a := clean_page(body, f"https://bench.example/{name}", require_english=False),
                              CleanedArticle)]
    clean_seconds = time.perf_counter() - started

    started = time.perf_counter()
    sentences = [split_sentences(a.text) for a in articles]
    split_seconds = time.perf_counter() - started

    started = time.perf_counter()
    mentions, refs = [], {}
    for article, its_sentences in zip(articles, sentences):
        written = article.published_at or datetime(2020, 1, 1, tzinfo=UTC)
        article_id = article.article_id
        mentions += extract_mentions(article_id, article.text, its_sentences, written.date())
        refs[article_id] = ArticleRef(article_id, article.url, article.published_at, written)
    extract_seconds = time.perf_counter() - started

    started = time.perf_counter()
    events = resolve(mentions, refs)
    resolve_seconds = time.perf_counter() - started

    n = len(pages)
    print(f"  clean    {n / clean_seconds:8.1f} articles/s  ({len(articles)} kept as articles)")
    print(f"  split    {len(articles) / split_seconds:8.1f} articles/s")
    print(f"  extract  {len(articles) / extract_seconds:8.1f} articles/s  ({len(mentions)} mentions)")
    print(f"  resolve  {len(mentions) / max(resolve_seconds, 1e-9):8.0f} mentions/s  ({len(events)} events)")
    total = clean_seconds + split_seconds + extract_seconds
    print(f"  all per-article stages: {n / total:.1f} articles/s on one core; peak memory {peak_memory_mib():.0f} MiB")


def whole_flow() -> None:
    import os

    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    from flows.pipeline import pipeline
    from newsline.sample_site import serve_sample_site

    with tempfile.TemporaryDirectory() as folder, serve_sample_site() as site:
        sources = Path(folder) / "SOURCES.toml"
        sources.write_text(f'[fetch]\nallow_hosts = ["127.0.0.1"]\n\n[[source]]\nname = "rss"\nfeed = "{site.feed_url}"\n')
        for label in ("first run (5 new articles)", "second run (nothing new)"):
            started = time.perf_counter()
            pipeline(str(sources), f"{folder}/w.duckdb", f"{folder}/out", polite_delay_seconds=0.0)
            print(f"  flow, {label}: {time.perf_counter() - started:.1f} s")
    print(f"  peak memory {peak_memory_mib():.0f} MiB")


if __name__ == "__main__":
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared" / "benchmarks"
    per_article_stages(data / "article-extraction" / "html")
    whole_flow()
