"""Did a change to cleaning change its output? Snapshot clean_page (and the text fingerprints) on
the real pages of the benchmarks, then compare a later run with the snapshot.

    .venv/bin/python benchmarks/clean_snapshot.py save SNAPSHOT.pickle [DATA_DIR]
    .venv/bin/python benchmarks/clean_snapshot.py compare SNAPSHOT.pickle [DATA_DIR]

Covers the 181 pages of article-extraction and the 200 of pubdate, with and without English
required, and find_published_at on every page. Keep the snapshot outside the repository (it holds
the pages' text). Not part of the test suite.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import pickle
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from transforms.clean import clean_page, find_published_at  # noqa: E402
from transforms.dedup import fingerprint  # noqa: E402
from transforms.models import CleanedArticle  # noqa: E402

DEFAULT_DATA_DIR = REPO.parent / "shared" / "benchmarks"
URL = "https://bench.example/{}"


def pages(data_dir: Path) -> list[tuple[str, bytes]]:
    paths = sorted((data_dir / "article-extraction" / "html").glob("*.html.gz"))
    paths += sorted((data_dir / "pubdate" / "html").glob("*.html.gz"))
    return [(f"{path.parent.parent.name}/{path.name}", gzip.decompress(path.read_bytes())) for path in paths]


def outcome(key: str, html: bytes) -> dict[str, object]:
    """Every field of what cleaning makes of the page, as plain values."""
    url = URL.format(key)
    found: dict[str, object] = {}
    for require_english in (False, True):
        result = clean_page(html, url, require_english=require_english)
        found[f"clean english={require_english}"] = (type(result).__name__, dataclasses.astuple(result))
        if isinstance(result, CleanedArticle) and not require_english:
            found["fingerprint"] = dataclasses.astuple(fingerprint(result.text))
    found["find_published_at"] = find_published_at(html, url)
    return found


def differences(before: dict[str, dict], after: dict[str, dict]) -> list[str]:
    found = [f"{key}: only in one run" for key in sorted(set(before) ^ set(after))]
    for key in sorted(set(before) & set(after)):
        found += [f"{key}: {part} differs" for part in sorted(set(before[key]) | set(after[key]))
                  if before[key].get(part) != after[key].get(part)]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=("save", "compare"))
    parser.add_argument("snapshot", type=Path)
    parser.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DATA_DIR)
    arguments = parser.parse_args()
    results = {key: outcome(key, html) for key, html in pages(arguments.data_dir)}
    if arguments.action == "save":
        arguments.snapshot.write_bytes(pickle.dumps(results))
        print(f"saved {len(results)} pages to {arguments.snapshot}")
        return
    found = differences(pickle.loads(arguments.snapshot.read_bytes()), results)
    print("\n".join(found) if found else f"identical on all {len(results)} pages")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
