"""The raw archive: every fetched body, as WARC response records, outside the database.

Files are compressed (one gzip member per record, so any record can be read on its own),
append-only and never rewritten: a new file per fetch run, and another whenever one grows past
`MAX_FILE_BYTES`. They live in `archive/` beside the working database and `pages` points into
them (file, offset, length). Any WARC tool (warcio, wget, pywb, …) reads them as they are.

The body is stored as the fetcher saw it after HTTP content decoding, so the HTTP headers are
stored without Content-Encoding / Transfer-Encoding and with the decoded length.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from types import TracebackType
from typing import BinaryIO, TypeVar

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from transforms.fetch import USER_AGENT
from transforms.models import ArchivedAt, FetchedPage

MAX_FILE_BYTES = 1 << 30  # start another file after 1 GiB
# Headers that describe the bytes on the wire, not the decoded body we keep.
_WIRE_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})


def archive_dir(db_path: Path) -> Path:
    """The archive belongs beside the working database it is referenced from."""
    return db_path.parent / "archive"


class ArchiveWriter:
    """Appends response records to the run's WARC file (created on the first write)."""

    def __init__(self, directory: Path, *, max_file_bytes: int = MAX_FILE_BYTES) -> None:
        self._directory = directory
        self._max_file_bytes = max_file_bytes
        self._file: BinaryIO | None = None
        self._name = ""
        self._writer: WARCWriter | None = None

    def __enter__(self) -> ArchiveWriter:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = self._writer = None

    def write(self, page: FetchedPage) -> ArchivedAt:
        """Archive the body of a successful fetch; durable (flushed) when this returns."""
        if page.body is None:
            raise ValueError(f"{page.url}: nothing to archive (no body)")
        writer, file = self._current()
        record = writer.create_warc_record(
            page.final_url,
            "response",
            payload=io.BytesIO(page.body),
            http_headers=_http_headers(page),
            warc_headers_dict={"WARC-Date": _warc_date(page.fetched_at), "WARC-Refers-To-Target-URI": page.url},
        )
        offset = file.tell()
        writer.write_record(record)
        file.flush()
        return ArchivedAt(self._name, offset, file.tell() - offset)

    def _current(self) -> tuple[WARCWriter, BinaryIO]:
        if self._file is not None and self._file.tell() >= self._max_file_bytes:
            self.close()
        if self._file is None or self._writer is None:
            self._directory.mkdir(parents=True, exist_ok=True)
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            self._name = f"newsline-{stamp}-{uuid.uuid4().hex[:8]}.warc.gz"
            self._file = (self._directory / self._name).open("xb")
            self._writer = WARCWriter(self._file, gzip=True)
            self._writer.write_record(
                self._writer.create_warcinfo_record(self._name, {"software": USER_AGENT, "format": "WARC/1.1"})
            )
        return self._writer, self._file


def read_body(directory: Path, where: ArchivedAt) -> bytes:
    with (directory / where.file).open("rb") as file:
        return _body_at(file, where)


T = TypeVar("T")


def with_bodies(
    directory: Path, items: Iterable[T], where: Callable[[T], ArchivedAt],
    on_error: Callable[[T, Exception], None] | None = None,
) -> Iterator[tuple[T, bytes]]:
    """Each item with its archived body, read one at a time in file order (so memory holds one
    body, and each file is opened once and read front to back). A record that cannot be read
    (a missing or damaged file) goes to `on_error` and the others follow; without `on_error`,
    the error is raised."""
    ordered = sorted(items, key=lambda item: (where(item).file, where(item).offset))
    open_name, file = None, None
    try:
        for item in ordered:
            location = where(item)
            try:
                if location.file != open_name:
                    if file is not None:
                        file.close()
                    file, open_name = None, location.file
                    file = (directory / location.file).open("rb")
                if file is None:
                    raise FileNotFoundError(f"{location.file} could not be opened")
                body = _body_at(file, location)
            except (OSError, ValueError) as error:
                if on_error is None:
                    raise
                on_error(item, error)
                continue
            yield item, body
    finally:
        if file is not None:
            file.close()


def _body_at(file: BinaryIO, where: ArchivedAt) -> bytes:
    file.seek(where.offset)
    chunk = file.read(where.length)
    for record in ArchiveIterator(io.BytesIO(chunk)):
        return record.content_stream().read()
    raise ValueError(f"no WARC record at {where.file}:{where.offset}")


def _http_headers(page: FetchedPage) -> StatusAndHeaders:
    status = page.status_code or 200
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = ""
    headers = [(name, value) for name, value in page.headers if name.lower() not in _WIRE_HEADERS]
    if not page.headers and page.content_type:
        headers.append(("Content-Type", page.content_type))
    headers.append(("Content-Length", str(len(page.body or b""))))
    return StatusAndHeaders(f"{status} {phrase}".strip(), headers, protocol="HTTP/1.1")


def _warc_date(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
