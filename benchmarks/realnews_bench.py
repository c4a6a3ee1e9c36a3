"""The real pipeline on the realnews-dev excerpts, scored as the held-out sets are.

    .venv/bin/python benchmarks/realnews_bench.py [../shared/benchmarks/realnews-dev] [--keep DIR] [--port N]

Builds the dev site with the set's own `build_site.py` into a temporary folder (base
http://127.0.0.1:8811), serves it with a local HTTP server on 127.0.0.1:8811, writes a
SOURCES.toml with its sitemap, runs `newsline run` over it (a real Prefect flow run, a DuckDB
file, the exports), then prints `score_timeline.py`'s figures for the exported timeline and
`score_dating.py`'s mention-dating figures (which call `newsline timex`). The data is read in
place, never copied into the repository. Not part of the test suite. The set holds 8 excerpts
in other languages than English: the cleaner rejects them, the scorers leave them out.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HOST, DEFAULT_PORT = "127.0.0.1", 8811


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass


def _serve(directory: Path, port: int) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer((HOST, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _sources(site_url: str) -> str:
    # `[fetch] allow_hosts`: the contract the fetch stage is adding for local sites (ignored by
    # parsers that do not know it yet).
    return (f'[fetch]\nallow_hosts = ["{HOST}"]\n\n'
            f'[[source]]\nname = "realnews-dev"\nsitemap = "{site_url}/sitemap.xml"\n')


def _run(command: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=REPO, text=True, capture_output=True, check=False, **kwargs)


def main(data: Path, keep: Path | None, port: int = DEFAULT_PORT) -> int:
    python = sys.executable
    base_url = f"http://{HOST}:{port}"
    with tempfile.TemporaryDirectory() as scratch:
        work = keep or Path(scratch)
        if keep is not None and keep.exists():
            shutil.rmtree(keep)  # a kept warehouse would skip every unchanged article: start afresh
        site = work / "site"
        _run([python, str(data / "build_site.py"), str(site), base_url]).check_returncode()
        (work / "SOURCES.toml").write_text(_sources(base_url), encoding="utf-8")
        server = _serve(site, port)
        try:
            started = time.perf_counter()
            run = _run([str(REPO / ".venv/bin/newsline"), "run", "--sources", str(work / "SOURCES.toml"),
                        "--db", str(work / "rn.duckdb"), "--export-dir", str(work / "exports"), "--delay", "0"])
            seconds = time.perf_counter() - started
        finally:
            server.shutdown()
        if run.returncode != 0:
            print(run.stdout[-3000:], run.stderr[-3000:], sep="\n")
            return run.returncode
        print(f"newsline run over the dev site: {seconds:.1f} s")
        score = _run([python, str(data / "score_timeline.py"), str(work / "exports" / "timeline.jsonl"),
                      str(site / "urls.json")])
        print(score.stdout, score.stderr, sep="", end="")
    dating = _run([python, str(data / "score_dating.py"), f"{REPO / '.venv/bin/newsline'} timex"])
    print("mention dating:", dating.stdout.strip())
    return score.returncode or dating.returncode


def _default_dev() -> Path:
    for parent in REPO.parents:
        candidate = parent / "shared" / "benchmarks" / "realnews-dev"
        if candidate.is_dir():
            return candidate
    return REPO.parent / "shared" / "benchmarks" / "realnews-dev"


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dev", nargs="?", type=Path, default=None, help="the realnews-dev folder")
    parser.add_argument("--keep", type=Path, default=None, help="keep the site, warehouse and exports here (emptied first)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="port of the local dev site")
    options = parser.parse_args()
    sys.exit(main((options.dev or _default_dev()).resolve(), options.keep, options.port))
