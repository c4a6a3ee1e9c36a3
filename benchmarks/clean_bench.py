"""Benchmark newsline's cleaner against plain trafilatura on public data, side by side.

    python benchmarks/clean_bench.py [DATA_DIR]      # DATA_DIR defaults to ../shared/benchmarks

- article-extraction/ (181 pages, gold bodies): 4-gram shingle precision/recall per page, averaged,
  F1 of the averages; no output counts as zero recall. The cleaner runs with
  `require_english=False` (the set is multilingual); how many pages it would reject is reported.
- pubdate/ (200 pages, gold days): exact-day accuracy; no answer is a miss.
- throughput: pages per second of each system over each data set.
- false rejections: every page of both sets is a real article, so every page clean_page
  rejects (language ignored, as both sets are multilingual) is one; pages kept with a doubt
  are counted by doubt.

The data stays outside the repository (third-party licences); this script only reads it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar
from pathlib import Path

import htmldate
import trafilatura

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from transforms.clean import clean_page, detect_language, find_published_at  # noqa: E402
from transforms.models import CleanedArticle, Rejection  # noqa: E402

DEFAULT_DATA_DIR = REPO_ROOT.parent / "shared" / "benchmarks"
SHINGLE_SIZE = 4


@dataclass(frozen=True)
class Page:
    key: str
    url: str
    html: bytes
    gold: str


T = TypeVar("T")


@dataclass(frozen=True)
class Run(Generic[T]):
    outputs: list[T]
    pages_per_second: float


def load_pages(folder: Path, gold_file: str, gold_field: str) -> list[Page]:
    gold = json.loads((folder / gold_file).read_text(encoding="utf-8"))
    pages = []
    for key in sorted(gold):
        html_path = folder / "html" / (key if key.endswith(".html.gz") else f"{key}.html.gz")
        pages.append(Page(key, gold[key]["url"], gzip.decompress(html_path.read_bytes()), gold[key][gold_field]))
    return pages


# --- body extraction -----------------------------------------------------------------------


def shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = re.findall(r"\w+", text)
    return Counter(tuple(tokens[i : i + SHINGLE_SIZE]) for i in range(max(len(tokens) - SHINGLE_SIZE + 1, 1)) if tokens)


def page_precision_recall(predicted: str | None, gold: str) -> tuple[float, float]:
    predicted_shingles, gold_shingles = shingles(predicted or ""), shingles(gold)
    shared = sum((predicted_shingles & gold_shingles).values())
    precision = shared / sum(predicted_shingles.values()) if predicted_shingles else 0.0
    recall = shared / sum(gold_shingles.values()) if gold_shingles else 0.0
    return precision, recall


def run_side_by_side(pages: list[Page], systems: dict[str, Callable[[Page], T]]) -> dict[str, Run[T]]:
    """Run every system on every page, alternating which goes first, so that load on the
    machine during the run weighs on all systems alike."""
    outputs: dict[str, list[T]] = {name: [] for name in systems}
    seconds = dict.fromkeys(systems, 0.0)
    names = list(systems)
    for index, page in enumerate(pages):
        for name in names[index % len(names) :] + names[: index % len(names)]:
            started = time.perf_counter()
            outputs[name].append(systems[name](page))
            seconds[name] += time.perf_counter() - started
    return {name: Run(outputs[name], len(pages) / seconds[name]) for name in systems}


def score_bodies(pages: list[Page], outputs: list[str | None]) -> tuple[float, float]:
    scores = [page_precision_recall(output, page.gold) for output, page in zip(outputs, pages, strict=True)]
    return sum(p for p, _ in scores) / len(scores), sum(r for _, r in scores) / len(scores)


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def trafilatura_body(page: Page) -> str | None:
    return trafilatura.extract(page.html)


def newsline_body(page: Page) -> str | None:
    result = clean_page(page.html, page.url, require_english=False)
    return result.text if isinstance(result, CleanedArticle) else None


def clean_all(pages: list[Page], require_english: bool) -> list[CleanedArticle | Rejection]:
    return [clean_page(page.html, page.url, require_english=require_english) for page in pages]


def rejections(results: list[CleanedArticle | Rejection]) -> dict[str, int]:
    reasons = Counter(re.sub(r"'\w+'", "'…'", r.reason) for r in results if isinstance(r, Rejection))
    return dict(reasons)


def cleaned_day(result: CleanedArticle | Rejection) -> str | None:
    if isinstance(result, CleanedArticle) and result.published_at is not None:
        return result.published_at.date().isoformat()
    return None


# --- publication date ----------------------------------------------------------------------


def date_accuracy(pages: list[Page], days: list[str | None]) -> float:
    return sum(day == page.gold for day, page in zip(days, pages, strict=True)) / len(pages)


def trafilatura_day(page: Page) -> str | None:
    return trafilatura.extract_metadata(page.html, default_url=page.url).date


def htmldate_day(page: Page) -> str | None:
    return htmldate.find_date(page.html, url=page.url, original_date=True)


def newsline_day(page: Page) -> str | None:
    published_at, _source = find_published_at(page.html, page.url)
    return published_at.date().isoformat() if published_at is not None else None


# --- report --------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DATA_DIR)
    data_dir = parser.parse_args().data_dir

    articles = load_pages(data_dir / "article-extraction", "ground-truth.json", "articleBody")
    detect_language("Load the language model once, outside the timed runs.")
    print(f"article-extraction: {len(articles)} pages")
    print(f"{'system':<30}{'F1':>8}{'P':>8}{'R':>8}{'pages/s':>10}")
    body_runs = run_side_by_side(
        articles, {"trafilatura.extract (defaults)": trafilatura_body, "newsline clean_page": newsline_body}
    )
    for name, run in body_runs.items():
        precision, recall = score_bodies(articles, run.outputs)
        print(f"{name:<30}{f1(precision, recall):8.4f}{precision:8.4f}{recall:8.4f}{run.pages_per_second:10.1f}")
    newsline_outputs = body_runs["newsline clean_page"].outputs
    accepted = [index for index, output in enumerate(newsline_outputs) if output is not None]
    for name, run in body_runs.items():
        precision, recall = score_bodies(
            [articles[index] for index in accepted], [run.outputs[index] for index in accepted]
        )
        label = f"{name} on the {len(accepted)} pages newsline accepts"
        print(f"  {label}: F1 {f1(precision, recall):.4f} P {precision:.4f} R {recall:.4f}")
    speeds = [run.pages_per_second for run in body_runs.values()]
    print(f"throughput newsline / trafilatura: {speeds[1] / speeds[0]:.2f}")
    articles_cleaned = clean_all(articles, require_english=False)
    print(f"newsline rejections (language ignored): {rejections(articles_cleaned)}")
    print(f"newsline rejections (English required): {rejections(clean_all(articles, require_english=True))}")

    dated = load_pages(data_dir / "pubdate", "gold.json", "date")
    print(f"\npubdate: {len(dated)} pages (newsline: find_published_at, the date rules of clean_page)")
    print(f"{'system':<30}{'accuracy':>10}{'pages/s':>10}")
    date_runs = run_side_by_side(
        dated,
        {
            "trafilatura metadata": trafilatura_day,
            "htmldate (extensive)": htmldate_day,
            "newsline find_published_at": newsline_day,
        },
    )
    for name, run in date_runs.items():
        print(f"{name:<30}{date_accuracy(dated, run.outputs):10.4f}{run.pages_per_second:10.1f}")
    cleaned = clean_all(dated, require_english=False)
    accuracy = date_accuracy(dated, [cleaned_day(result) for result in cleaned])
    print(f"{'newsline clean_page':<30}{accuracy:10.4f}{'':>10}  (its rejections count as misses)")
    print(f"clean_page rejections on pubdate (language ignored): {rejections(cleaned)}")
    report_false_rejections({"article-extraction": articles_cleaned, "pubdate": cleaned})


def report_false_rejections(results: dict[str, list[CleanedArticle | Rejection]]) -> None:
    every = [result for outcomes in results.values() for result in outcomes]
    false = {name: sum(isinstance(r, Rejection) for r in outcomes) for name, outcomes in results.items()}
    detail = ", ".join(f"{name} {count}" for name, count in false.items())
    print(f"\nfalse rejections on the {len(every)} real article pages: {sum(false.values())} ({detail})")
    doubts = Counter(d.split(":")[0] for r in every if isinstance(r, CleanedArticle) for d in r.doubts)
    print(f"kept with a doubt: {dict(doubts)}")


if __name__ == "__main__":
    main()
