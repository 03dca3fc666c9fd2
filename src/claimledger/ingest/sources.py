"""Where inputs come from: files, folders, globs, stdin, JSONL, feeds, WARC and URLs.

``iter_inputs`` turns what the user names into a stream of ``RawInput`` (one per
document) and ``InputFailure`` (one per input that cannot be read, with the reason).
Nothing is read into memory beyond one input at a time.
"""

from __future__ import annotations

import functools
import glob
import io
import json
import re
import sys
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Iterable, Iterator

from claimledger.errors import bounded
from claimledger.ingest.decode import DEFAULT_MAX_BYTES, InputError, declared_encoding, decode
from claimledger.ingest.fetch import fetch_url
from claimledger.ingest.warc import WARC_BLOCK, WarcStream, truncated

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")


@dataclass
class RawInput:
    """One document's worth of input, decoded to text."""

    source: str  # path, URL, "path:line" or "path#record"
    text: str
    content_type: str  # "text" | "html"
    fields: dict = field(default_factory=dict)  # url, title, published, outlet


@dataclass
class InputFailure:
    """An input that did not become a document, and why (the reason is cut to a few hundred characters)."""

    source: str
    reason: str

    def __post_init__(self) -> None:
        self.reason = bounded(self.reason)


Item = RawInput | InputFailure


def _kind_of(name: str, text_head: str) -> str:
    lower = name.lower()
    if lower.endswith(WARC_SUFFIXES):
        return "warc"
    suffix = Path(lower).suffix
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in TEXT_SUFFIXES:
        return "text"
    head = text_head.lstrip()[:600].lower()
    if suffix in FEED_SUFFIXES or head.startswith("<?xml") and ("<rss" in head or "<feed" in head):
        return "feed" if ("<rss" in head or "<feed" in head or "<rdf" in head) else "html"
    if head.startswith(("<rss", "<feed")):
        return "feed"
    if head.startswith(("<!doctype html", "<html", "<head", "<body", "<div", "<article", "<p")):
        return "html"
    if head.startswith("{"):
        return "jsonl"
    return "text"


def _reports_empty(what: str):
    """A container (JSONL, feed, WARC) that yields nothing becomes one failure: no input vanishes silently."""
    def wrap(read):
        @functools.wraps(read)
        def reader(source: str, *args, **kwargs) -> Iterator[Item]:
            empty = True
            for item in read(source, *args, **kwargs):
                empty = False
                yield item
            if empty:
                yield InputFailure(source, f"no documents found ({what})")
        return reader
    return wrap


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _valid_text(value: str) -> str:
    """JSON can escape half an emoji (a lone UTF-16 surrogate): it becomes U+FFFD, one character for one."""
    return _LONE_SURROGATE.sub("\ufffd", value)


@_reports_empty("no JSON lines")
def _from_jsonl(source: str, text: str) -> Iterator[Item]:
    for lineno, line in enumerate(text.split("\n"), start=1):  # not splitlines: U+2028 is valid inside JSON
        if not line.strip():
            continue
        where = f"{source}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputFailure(where, f"invalid JSON ({exc.msg} at column {exc.colno})")
            continue
        except RecursionError:
            yield InputFailure(where, "invalid JSON (nested too deeply)")
            continue
        except ValueError as exc:  # e.g. an integer of more digits than Python converts
            yield InputFailure(where, f"invalid JSON ({exc})")
            continue
        if not isinstance(obj, dict):
            yield InputFailure(where, "a JSONL line must be an object with 'text' or 'html'")
            continue
        body, kind = (obj.get("html"), "html") if obj.get("html") else (obj.get("text"), "text")
        if not isinstance(body, str) or not body.strip():
            yield InputFailure(where, "no 'text' or 'html' field with content")
            continue
        fields = {k: _valid_text(obj[k]) for k in ("url", "title", "published", "outlet") if isinstance(obj.get(k), str)}
        yield RawInput(where, _valid_text(body), kind, fields)


@_reports_empty("a feed without entries")
def _from_feed(source: str, data: bytes) -> Iterator[Item]:
    import feedparser

    parsed = feedparser.parse(data)
    if parsed.bozo and not parsed.entries:
        yield InputFailure(source, f"not a readable RSS/Atom feed ({type(parsed.bozo_exception).__name__})")
        return
    outlet = parsed.feed.get("title")
    for number, entry in enumerate(parsed.entries, start=1):
        where = f"{source}#{number}"
        content = entry.get("content")
        body = content[0].get("value") if content else entry.get("summary", "")
        if not (body or "").strip():
            yield InputFailure(where, "feed entry without content")
            continue
        fields = {"url": entry.get("link"), "title": entry.get("title"), "outlet": outlet}
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        if stamp:
            fields["published"] = f"{stamp.tm_year:04d}-{stamp.tm_mon:02d}-{stamp.tm_mday:02d}"
        kind = "html" if "<" in body and ">" in body else "text"
        if kind == "html":
            # feed summaries are fragments: give trafilatura a page with the entry title
            body = f"<html><head><title>{entry.get('title', '')}</title></head><body><article>{body}</article></body></html>"
        yield RawInput(where, body, kind, {k: v for k, v in fields.items() if v})


@_reports_empty("no HTML or plain-text 200 responses in the WARC")
def _from_warc(source: str, stream: io.BufferedIOBase, max_bytes: int) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator

    try:
        for number, record in enumerate(ArchiveIterator(WarcStream(stream, max_bytes), block_size=WARC_BLOCK),
                                        start=1):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            ctype = record.http_headers.get_header("Content-Type") or ""
            if "html" not in ctype and "text/plain" not in ctype:
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            where = f"{source}#{number}"
            if record.http_headers.get_statuscode() not in ("200", None):
                continue
            try:
                data = _record_content(record, max_bytes)
                text = decode(data, declared=declared_encoding(data, ctype), max_bytes=max_bytes)
            except InputError as exc:
                yield InputFailure(where, str(exc))
                continue
            yield RawInput(where, text, "html" if "html" in ctype else "text", {"url": url} if url else {})
    except InputError as exc:  # over the limit once decompressed
        yield InputFailure(source, str(exc))
    except Exception as exc:  # warcio raises many kinds on a broken archive
        yield InputFailure(source, f"unreadable WARC ({type(exc).__name__}: {exc})")


def _record_content(record, max_bytes: int) -> bytes:
    """A WARC record's payload, at most ``max_bytes + 1`` bytes; a record cut short is an error."""
    data = record.content_stream().read(max_bytes + 1)
    if len(data) <= max_bytes:
        missing = truncated(record)
        if missing:
            raise InputError(f"truncated: the record ends {missing} bytes before its declared length "
                             "(a cut archive)")
    return data


def _from_bytes(source: str, name: str, data: bytes, max_bytes: int, fields: dict | None = None,
                header: str | None = None) -> Iterator[Item]:
    if name.lower().endswith(WARC_SUFFIXES):
        yield from _from_warc(source, io.BytesIO(data), max_bytes)
        return
    if data[:2] == b"\x1f\x8b":
        try:
            data = _gunzip(data, max_bytes)
        except (OSError, EOFError, zlib.error) as exc:
            yield InputFailure(source, f"broken gzip data ({exc})")
            return
        if len(data) > max_bytes:  # stopped at the limit: a gzip bomb never fills memory
            yield InputFailure(source, f"too large: over the {max_bytes / 2**20:.0f} MiB limit once decompressed (--max-bytes)")
            return
    try:
        text = decode(data, declared=declared_encoding(data, header), max_bytes=max_bytes)
    except InputError as exc:
        yield InputFailure(source, str(exc))
        return
    kind = _kind_of(name, text[:2000])
    if header and "html" in header:
        kind = "html"
    if kind == "jsonl":
        yield from _from_jsonl(source, text)
    elif kind == "feed":
        yield from _from_feed(source, data)
    elif kind == "warc":
        yield from _from_warc(source, io.BytesIO(data), max_bytes)
    else:
        yield RawInput(source, text, kind, dict(fields or {}))


_UNSTORABLE = re.compile("[\ud800-\udfff\x00]")


def storable(text: str) -> str:
    """``text`` without what a database cannot store as text: lone surrogates (a file name's
    invalid UTF-8 bytes, as Python decodes them) and NUL become U+FFFD."""
    return _UNSTORABLE.sub("\ufffd", text)


def _read_file(path: Path, max_bytes: int) -> Iterator[Item]:
    source = storable(str(path))
    try:
        size = path.stat().st_size
        if size > max_bytes and not path.name.lower().endswith(WARC_SUFFIXES + tuple(JSONL_SUFFIXES)):
            yield InputFailure(source, f"too large: {size / 2**20:.1f} MiB over the {max_bytes / 2**20:.0f} MiB limit (--max-bytes)")
            return
        if path.name.lower().endswith(WARC_SUFFIXES):
            with path.open("rb") as stream:
                yield from _from_warc(source, stream, max_bytes)
            return
        if Path(path.name.lower()).suffix in JSONL_SUFFIXES:
            yield from _read_jsonl_file(source, path, max_bytes)
            return
        with path.open("rb") as stream:  # devices and pipes report no size: the cap holds while reading
            data = stream.read(max_bytes + 1)
    except OSError as exc:
        yield InputFailure(source, f"cannot read file ({exc.strerror or exc})")
        return
    if len(data) > max_bytes:
        yield InputFailure(source, f"too large: over the {max_bytes / 2**20:.0f} MiB limit (--max-bytes)")
        return
    yield from _from_bytes(source, path.name, data, max_bytes)


def _gunzip(data: bytes, max_bytes: int) -> bytes:
    """Decompressed gzip data, at most ``max_bytes + 1`` bytes of it."""
    out = bytearray()
    while data:  # a gzip file may hold several members, one after the other
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out += inflater.decompress(data, max_bytes + 1 - len(out))
        if len(out) > max_bytes:
            break
        if not inflater.eof:
            raise EOFError("compressed data ends early")
        data = inflater.unused_data
    return bytes(out)


def _lines_capped(stream: io.BufferedIOBase, max_bytes: int) -> Iterator[tuple[bytes, int]]:
    """``(line, length)`` for each line; a line over ``max_bytes`` is skipped, not held (line = b"")."""
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        if len(line) <= max_bytes or line.endswith(b"\n"):
            yield line, len(line)
            continue
        length = len(line)
        while line and not line.endswith(b"\n"):  # drain the rest of the oversized line
            line = stream.readline(1 << 20)
            length += len(line)
        yield b"", length


@_reports_empty("no JSON lines")
def _read_jsonl_file(source: str, path: Path, max_bytes: int) -> Iterator[Item]:
    """JSONL streamed line by line, so a dump of millions of lines never sits in memory."""
    with path.open("rb") as stream:
        for lineno, (raw, length) in enumerate(_lines_capped(stream, max_bytes), start=1):
            where = f"{source}:{lineno}"
            if length > max_bytes:
                yield InputFailure(where, f"line too large: {length / 2**20:.1f} MiB over the {max_bytes / 2**20:.0f} MiB limit (--max-bytes)")
                continue
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield InputFailure(where, f"invalid UTF-8 at byte {exc.start} (JSONL must be UTF-8)")
                continue
            for item in _from_jsonl(source, line):
                if isinstance(item, InputFailure):
                    item.source = where
                else:
                    item.source = where
                yield item


def _expand(target: str) -> list[Path] | None:
    path = Path(target)
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
    if path.exists():
        return [path]
    if any(ch in target for ch in "*?["):
        return sorted(Path(p) for p in glob.glob(target, recursive=True) if Path(p).is_file())
    return None


def _guarded(source: str, items: Iterator[Item]) -> Iterator[Item]:
    """A reader bug fails the input it was reading, never the batch (the next input is read as usual)."""
    try:
        yield from items
    except Exception as exc:
        yield InputFailure(source, f"reading failed ({type(exc).__name__}: {exc})")


def iter_inputs(targets: Iterable[str], *, allow_private: bool = False, max_bytes: int = DEFAULT_MAX_BYTES,
                stdin: IO[bytes] | None = None) -> Iterator[Item]:
    """Every document named by ``targets`` (paths, folders, globs, ``-``, http(s) URLs), in order."""
    for target in targets:
        yield from _guarded(target, _target_inputs(target, allow_private, max_bytes, stdin))


def _target_inputs(target: str, allow_private: bool, max_bytes: int, stdin) -> Iterator[Item]:
    if target == "-":
        stream = stdin or sys.stdin.buffer
        yield from _from_bytes("<stdin>", "stdin", stream.read(max_bytes + 1), max_bytes)
    elif target.startswith(("http://", "https://")):
        try:
            data, content_type, final_url = fetch_url(target, allow_private=allow_private, max_bytes=max_bytes)
        except InputError as exc:
            yield InputFailure(target, str(exc))
            return
        name = final_url.split("?")[0].rstrip("/").rsplit("/", 1)[-1] or "index.html"
        if "xml" in content_type and ("rss" in content_type or "atom" in content_type):
            yield from _from_feed(target, data)
        else:
            yield from _from_bytes(target, name, data, max_bytes, fields={"url": final_url}, header=content_type)
    else:
        paths = _expand(target)
        if paths is None:
            yield InputFailure(target, "no such file, folder or glob match")
        elif not paths:
            yield InputFailure(target, "no files found")
        for path in paths or []:
            yield from _guarded(str(path), _read_file(path, max_bytes))
