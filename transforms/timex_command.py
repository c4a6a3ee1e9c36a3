"""`newsline timex`: tag time expressions in JSON lines, for batch use and evaluation.

Input, one JSON object a line: {"text": "...", "dct": "YYYY-MM-DD"}.
Output, one JSON array a line (same order, so line N of the output answers line N of the
input): [{"start": int, "end": int, "type": str, "value": str}, ...].
A malformed line is reported on stderr and answered with `[]`; the exit code is then 1.
With `event_anchors` (`newsline timex --event-anchors`) the array also holds the text's event
anchors (`transforms.event_anchors`: "during the summit" dated by the summit told before), as
{"start", "end", "type": "ANCHOR", "value", "relation"}; without it the output is TIMEX3 only.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import TextIO

from transforms.event_anchors import anchors
from transforms.temporal import tag


class MalformedLine(ValueError):
    """An input line that is not {"text": str, "dct": "YYYY-MM-DD"}."""


def parse_line(line: str) -> tuple[str, date]:
    if not line.strip():
        raise MalformedLine('empty line, expected {"text": ..., "dct": "YYYY-MM-DD"}')
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise MalformedLine(f"not JSON ({error.msg})") from error
    if not isinstance(record, dict):
        raise MalformedLine('expected an object {"text": ..., "dct": ...}')
    text, dct = record.get("text"), record.get("dct")
    if not isinstance(text, str):
        raise MalformedLine('"text" must be a string')
    if not isinstance(dct, str):
        raise MalformedLine('"dct" must be a date string YYYY-MM-DD')
    try:
        return text, date.fromisoformat(dct)
    except ValueError as error:
        raise MalformedLine(f'"dct" is not a date YYYY-MM-DD: {dct!r}') from error


def timexes_json(text: str, dct: date, event_anchors: bool = False) -> str:
    found = tag(text, dct)
    records = [{"start": t.start, "end": t.end, "type": t.type, "value": t.value} for t in found]
    if event_anchors:
        records += [{"start": a.start, "end": a.end, "type": "ANCHOR", "value": a.value, "relation": a.relation}
                    for a in anchors(text, found, dct=dct)]
        records.sort(key=lambda r: r["start"])
    return json.dumps(records, ensure_ascii=False)


def run_timex(stdin: TextIO, stdout: TextIO, stderr: TextIO | None = None, event_anchors: bool = False) -> int:
    """Answer every input line with one output line; return 1 if any line was malformed."""
    errors = stderr if stderr is not None else sys.stderr
    exit_code = 0
    for number, line in enumerate(stdin, start=1):
        try:
            text, dct = parse_line(line)
        except MalformedLine as problem:
            print(f"newsline timex: line {number}: {problem}", file=errors)
            stdout.write("[]\n")
            exit_code = 1
            continue
        stdout.write(timexes_json(text, dct, event_anchors) + "\n")
    return exit_code
