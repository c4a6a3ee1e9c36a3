"""Speed and memory of the pipeline's per-article work, on real news pages.

    .venv/bin/python benchmarks/pipeline_bench.py [../shared/benchmarks]

Runs clean → sentences → extract over the 181 real article pages of the article-extraction
benchmark (third-party data, read in place), then resolve over all their mentions, and prints
articles per second for each stage (wall, and per core from the process's CPU time, which the
other jobs on a shared machine distort least), the one-time loads, and the process's peak memory. Then it runs the whole Prefect
flow on the bundled sample site twice (a first run and a no-op second run) and prints wall time.
Not part of the test suite.
"""

from __future__ import annotations

import gzip
import os
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
# Before Prefect is imported (its settings are read once): a loaded machine starts it slowly.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

from flows.pipeline import ARTICLES_PER_TASK  # noqa: E402
from transforms import gazetteer, nlp  # noqa: E402
from transforms.clean import clean_page, detect_language  # noqa: E402
from transforms.extract import extract_mentions_many  # noqa: E402
from transforms.models import ArticleRef, CleanedArticle  # noqa: E402
from transforms.resolve import resolve  # noqa: E402
from transforms.sentences import split_sentences  # noqa: E402

DEFAULT_DAY = datetime(2020, 1, 1, tzinfo=UTC)  # for a page without a publication date


def peak_memory_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(action):
    """(wall s, CPU s of this process, result): CPU is what other jobs on the machine distort least."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = action()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def split_and_extract(articles: list[CleanedArticle]) -> tuple[tuple, tuple]:
    """As the flow's extraction tasks do, a chunk of articles at a time: split into sentences,
    then the chunk's candidate sentences parsed in one batch. The two stages timed apart."""
    split, extract = [0.0, 0.0, []], [0.0, 0.0, []]
    for i in range(0, len(articles), ARTICLES_PER_TASK):
        chunk = articles[i:i + ARTICLES_PER_TASK]
        wall, cpu, sentences = timed(lambda chunk=chunk: [split_sentences(a.text) for a in chunk])
        inputs = [(a.article_id, a.text, found, (a.published_at or DEFAULT_DAY).date())
                  for a, found in zip(chunk, sentences)]
        extracted = timed(lambda inputs=inputs: [m for ms in extract_mentions_many(inputs) for m in ms])
        for total, (w, c, result) in ((split, (wall, cpu, sentences)), (extract, extracted)):
            total[0], total[1], total[2] = total[0] + w, total[1] + c, total[2] + result
    return tuple(split), tuple(extract)


def per_article_stages(pages_dir: Path) -> None:
    pages = [(p.name, gzip.decompress(p.read_bytes())) for p in sorted(pages_dir.glob("*.html.gz"))]
    size_kib = sum(len(body) for _, body in pages) / len(pages) / 1024
    print(f"{len(pages)} real article pages, {size_kib:.0f} KiB of HTML on average")
    # Once per process (each Dask worker too): the spaCy model, the gazetteer's tables and the
    # language identifier's model (py3langid unpacks 68 MB of LZMA on first use: ~1 s CPU).
    loads = timed(lambda: (nlp.model(), gazetteer.load(), gazetteer.place_name("Kyiv"),
                           detect_language("Load the language model once.")))

    clean = timed(lambda: [a for name, body in pages
                           if isinstance(a := clean_page(body, f"https://bench.example/{name}", require_english=False),
                                         CleanedArticle)])
    articles = clean[2]
    split, extract = split_and_extract(articles)
    mentions = extract[2]
    refs = {a.article_id: ArticleRef(a.article_id, a.url, a.published_at, a.published_at or DEFAULT_DAY)
            for a in articles}
    resolved = timed(lambda: resolve(mentions, refs))

    n = len(pages)
    print(f"  one-time loads (spaCy and language models, gazetteer): {loads[0]:.2f} s wall, {loads[1]:.2f} s CPU")
    print("  stage      articles/s wall   CPU s   articles/s per core (CPU)")
    for name, (wall, cpu, _), count in (("clean", clean, n), ("split", split, len(articles)),
                                        ("extract", extract, len(articles))):
        print(f"  {name:<8} {count / wall:10.1f} {cpu:10.2f} {count / cpu:12.1f}")
    print(f"  ({len(articles)} kept as articles, {len(mentions)} mentions; "
          f"resolve {len(mentions) / max(resolved[0], 1e-9):.0f} mentions/s, {len(resolved[2])} events)")
    wall, cpu = (sum(t[i] for t in (clean, split, extract)) for i in (0, 1))
    print(f"  all per-article stages: {n / wall:.1f} articles/s wall, {n / cpu:.1f} articles/s per core (CPU); "
          f"with the one-time loads {n / (cpu + loads[1]):.1f}; extract / clean CPU {extract[1] / clean[1]:.2f}; "
          f"peak memory {peak_memory_mib():.0f} MiB")


def whole_flow() -> None:
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
