"""Hostile inputs for robustness checks: seeded generators of broken documents of every kind.

``hostile_input(rng)`` returns ``(file name, bytes)``: random bytes, mutated real text
(bit flips, cut multi-byte characters, NULs, control and bidi characters, huge lines),
hostile HTML (deep nesting, unclosed markup, lying or non-text charsets, entity floods),
hostile JSONL (invalid or deeply nested JSON, wrong types, lone surrogates, huge numbers),
feeds (malformed XML, entity expansion, empty items) and WARC archives (truncated,
corrupted, lying lengths), plain or gzip-compressed.  ``benchmarks/fuzz.py`` and the fuzz
tests feed them to ``ingest``; every one must end as stored documents or clear per-input
errors.  Sizes stay small (≤ ~2 MB) so thousands run in minutes.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import random
import re
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

_WORDS = ("Russian forces shelled the town overnight, killing at least 12 civilians, the regional governor said. "
          "Ukraine's military reportedly destroyed around 130 tanks near Vuhledar, officials told reporters. "
          "The ministry denied the claims; 'This is propaganda,' a spokesman said on Tuesday.").split()
_CONTROLS = "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\u2028\u2029\u200b\u200e\u202e\ufeff\ufffd\U0001f4a5"
_INVALID_UTF8 = (b"\xff", b"\xfe\xff", b"\xc3", b"\xe2\x82", b"\xf0\x9f\x92", b"\xed\xa0\x80", b"\xc0\xaf", b"\xf8\x88\x80\x80\x80")
_CHARSETS = ("utf-8", "latin-1", "utf-16", "utf-32", "klingon", "base64", "rot13", "zlib", "punycode", "idna",
             "utf-7", "cp1252", "shift_jis", "x-user-defined", "", "utf-8\x00")


def _sentence(rng: random.Random, words: int | None = None) -> str:
    n = words or rng.randint(3, 30)
    start = rng.randrange(len(_WORDS))
    return " ".join(_WORDS[(start + i) % len(_WORDS)] for i in range(n))


def _article(rng: random.Random) -> str:
    return "\n\n".join([_sentence(rng, 6)] + [_sentence(rng) for _ in range(rng.randint(0, 8))])


def _mutate(data: bytes, rng: random.Random) -> bytes:
    """A few byte-level mutations: flips, cuts, insertions of invalid or control bytes, repeats."""
    buf = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        if not buf:
            buf.extend(rng.randbytes(rng.randint(1, 64)))
        op = rng.randrange(6)
        at = rng.randrange(len(buf) + 1)
        if op == 0 and buf:
            buf[min(at, len(buf) - 1)] ^= 1 << rng.randrange(8)
        elif op == 1:
            del buf[at:]
        elif op == 2:
            buf[at:at] = rng.choice(_INVALID_UTF8)
        elif op == 3:
            buf[at:at] = rng.choice(_CONTROLS).encode("utf-8")
        elif op == 4:
            buf[at:at] = bytes(buf[at:at + rng.randint(1, 200)]) * rng.randint(2, 50)
        else:
            buf[at:at + rng.randint(0, 100)] = rng.randbytes(rng.randint(0, 100))
    return bytes(buf)


def _text(rng: random.Random) -> tuple[str, bytes]:
    body = _article(rng)
    choice = rng.randrange(5)
    if choice == 0:
        body = _sentence(rng, 40) * rng.randint(100, 8000)  # one huge line (up to ~2 MB)
    elif choice == 1:
        body = "".join(rng.choice(_CONTROLS) + c for c in body)
    elif choice == 2:
        body = body.replace("\n", rng.choice(["\r", "\r\n", "\x0c", "\u2028", "\x85", "\n\n\n\n"]))
    data = body.encode(rng.choice(["utf-8", "utf-16", "utf-16-le", "latin-1", "cp1252"]), errors="replace")
    return "doc.txt", _mutate(data, rng) if rng.random() < 0.6 else data


def _html(rng: random.Random) -> tuple[str, bytes]:
    body = "".join(f"<p>{_sentence(rng)}</p>" for _ in range(rng.randint(0, 10)))
    depth = rng.choice([10, 200, 300, 1000, 5000, 20000])
    tag = rng.choice(["div", "span", "b", "table><tr><td", "ul><li", "article", "section", "font"])
    close = "".join(f"</{t.split()[0]}>" for t in reversed(tag.split("><")))
    shapes = [
        f"<html><body>{f'<{tag}>' * depth}{body}{close * depth}</body></html>",
        f"<html><body>{f'<{tag}>' * depth}{body}",  # never closed
        f"<html><head><title>{_sentence(rng, 5)}</title></head><body><article>{body}</article></body></html>",
        f"<html><body><script>{'x=1;' * rng.randint(1, 50000)}</script><!-- {body}</body></html>",
        f"<html><body><p title='{'a' * rng.randint(1, 200000)}'>{body}</p></body></html>",
        f"<html><body>{'&#x110000;&#0;&#xD800;&bogus;&amp' * rng.randint(1, 5000)}{body}</body></html>",
        f"<![CDATA[{body}<html><body><p>{body}</p>",
        f"<?xml version='1.0'?><!DOCTYPE html [<!ENTITY a '{'x' * 100}'>]><html><body><p>&a;&a;&a;</p>{body}</body></html>",
    ]
    page = rng.choice(shapes)
    charset = rng.choice(_CHARSETS)
    if rng.random() < 0.5:
        page = f'<meta charset="{charset}">' + page
    data = page.encode(rng.choice(["utf-8", "latin-1", "utf-16"]), errors="replace")
    return "page.html", _mutate(data, rng) if rng.random() < 0.4 else data


def _jsonl(rng: random.Random) -> tuple[str, bytes]:
    lines = []
    for _ in range(rng.randint(1, 12)):
        good = {"text": _article(rng), "url": f"https://x.example/{rng.randrange(10**6)}"}
        line = rng.choice([
            json.dumps(good),
            json.dumps({"html": f"<html><body><article><p>{_sentence(rng)}</p></article></body></html>"}),
            "[" * rng.randint(1, 100000) + "]" * rng.randint(0, 100000),
            '{"text": ' * rng.randint(1, 5000) + "1" + "}" * rng.randint(0, 5000),
            json.dumps({"text": rng.choice([None, 5, [], {}, "", "   ", True])}),
            json.dumps({"text": _sentence(rng), "published": rng.choice(["9999-99-99", "notadate", "-1", "2023-02-30", "XXXX-13-40"]),
                        "title": rng.choice([None, 3, ["x"], "t" * 10000]), "url": rng.choice([5, "javascript:alert(1)", "x" * 5000])}),
            '{"text": "' + _sentence(rng) + rng.choice(["\\ud800", "\\udfff\\ud800", "\\u0000", "\\ud83d"]) + '"}',
            '{"text": "' + _sentence(rng) + '", "n": ' + "9" * rng.randint(5000, 50000) + "}",
            '{"text": NaN, "html": Infinity}',
            json.dumps(good)[: rng.randint(0, 60)],  # cut mid-line
            "\ufeff" + json.dumps(good),
            json.dumps({"text": _sentence(rng, 40) * rng.randint(100, 5000)}),
        ])
        lines.append(line)
    data = rng.choice(["\n", "\r\n", "\n\n", "\u2028\n"]).join(lines).encode("utf-8", "surrogatepass")
    return "dump.jsonl", _mutate(data, rng) if rng.random() < 0.3 else data


def _feed(rng: random.Random) -> tuple[str, bytes]:
    items = "".join(
        rng.choice([
            f"<item><title>{_sentence(rng, 5)}</title><link>https://f.example/{i}</link>"
            f"<pubDate>{rng.choice(['Tue, 07 Mar 2023 10:00:00 GMT', 'yesterday', '99 Foo 0000', ''])}</pubDate>"
            f"<description><![CDATA[<p>{_sentence(rng)}</p>]]></description></item>",
            "<item></item>",
            f"<item><description>{'<div>' * rng.randint(1, 3000)}{_sentence(rng)}</description></item>",
            f"<item><title>&lol;</title><description>&lol;&lol;{_sentence(rng)}</description></item>",
            f"<entry><title>{_sentence(rng, 4)}</title><content type='html'>&lt;p&gt;{_sentence(rng)}&lt;/p&gt;</content></entry>",
        ])
        for i in range(rng.randint(0, 20))
    )
    doctype = ('<!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
               '<!ENTITY x SYSTEM "file:///etc/passwd">]>') if rng.random() < 0.3 else ""
    feed = f'<?xml version="1.0"?>{doctype}<rss version="2.0"><channel><title>{_sentence(rng, 3)}</title>{items}</channel></rss>'
    data = feed.encode("utf-8")
    return rng.choice(["feed.rss", "feed.xml", "feed.atom"]), _mutate(data, rng) if rng.random() < 0.5 else data


def _warc(rng: random.Random) -> tuple[str, bytes]:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    compressed = rng.random() < 0.5
    writer = WARCWriter(out, gzip=compressed)
    for i in range(rng.randint(0, 6)):
        ctype = rng.choice(["text/html; charset=utf-8", "text/plain", "image/png", "text/html; charset=klingon", ""])
        payload = rng.choice([f"<html><body><article><p>{_sentence(rng)}</p></article></body></html>".encode(),
                              rng.randbytes(rng.randint(0, 2000)), _article(rng).encode("latin-1", "replace")])
        status = rng.choice(["200 OK", "404 Not Found", "301 Moved", "200 OK"])
        headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://w.example/{i}", rng.choice(["response", "request", "resource"]),
                                                      payload=io.BytesIO(payload), http_headers=headers))
    data = out.getvalue()
    if rng.random() < 0.6:
        data = _mutate(data, rng)
    return ("crawl.warc.gz" if compressed else "crawl.warc"), data


def _random_bytes(rng: random.Random) -> tuple[str, bytes]:
    name = rng.choice(["x.txt", "x.html", "x.jsonl", "x.xml", "x.warc", "x.warc.gz", "x", "x.md", "x.gz"])
    return name, rng.randbytes(int(2 ** rng.uniform(0, 16)))


def _gzipped(rng: random.Random) -> tuple[str, bytes]:
    name, data = rng.choice([_text, _html, _jsonl])(rng)
    packed = gzip.compress(data if rng.random() < 0.8 else b"A" * rng.randint(1, 40) * 1_000_000)
    if rng.random() < 0.4:
        packed = packed[: rng.randrange(len(packed))]
    return name + ".gz" if not name.endswith(".jsonl") else name.replace(".jsonl", ".txt.gz"), packed


def _bomb(rng: random.Random) -> tuple[str, bytes]:
    """A gzip bomb named as a WARC: up to 48 MiB of one byte (or of a WARC record that claims
    gigabytes), a few tens of kB on disk (issue 15: 31 MB error texts, gigabytes of memory)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    head = b""
    if rng.random() < 0.5:  # a well-formed header promising a huge record
        head = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://w.example/x\r\n"
                b"Content-Type: application/http; msgtype=response\r\nContent-Length: 4000000000\r\n\r\n"
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n")
    out = [packer.compress(head)]
    block = rng.choice([b"A", b"<", b"\n", b"<p>x</p>"]) * (1 << 20)
    out += [packer.compress(block) for _ in range(rng.randint(8, 48))]
    return rng.choice(["b.warc.gz", "b.arc.gz"]), b"".join(out) + packer.flush()


def _cut_warc(rng: random.Random) -> tuple[str, bytes]:
    """A whole WARC of good pages cut short at a random point (issue 15: stored cut, unwarned)."""
    name, data = _warc_of_pages(rng, rng.randint(1, 4), rng.random() < 0.5)
    return name, data[:max(1, len(data) - rng.randint(1, 600))]


def _warc_of_pages(rng: random.Random, n: int, compressed: bool) -> tuple[str, bytes]:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compressed)
    for i in range(n):
        page = f"<html><body><article><p>{_article(rng)}</p></article></body></html>".encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://w.example/{i}", "response",
                                                      payload=io.BytesIO(page), http_headers=headers))
    return ("crawl.warc.gz" if compressed else "crawl.warc"), out.getvalue()


def _utf16(rng: random.Random) -> tuple[str, bytes]:
    """Text in UTF-16 without a byte-order mark (issue 15: refused as binary)."""
    return "doc.txt", _article(rng).encode(rng.choice(["utf-16-le", "utf-16-be"]))


KINDS: dict[str, Callable[[random.Random], tuple[str, bytes]]] = {
    "bytes": _random_bytes, "text": _text, "html": _html, "jsonl": _jsonl, "feed": _feed, "warc": _warc,
    "gzip": _gzipped, "bomb": _bomb, "cut_warc": _cut_warc, "utf16": _utf16,
}


def hostile_input(rng: random.Random, kind: str | None = None) -> tuple[str, str, bytes]:
    """``(kind, file name, bytes)`` of one hostile input (``kind`` drawn when not given)."""
    kind = kind or rng.choice(sorted(KINDS))
    name, data = KINDS[kind](rng)
    return kind, name, data


# --- checking one round ------------------------------------------------------------------------

INTERNAL = ("cleaning failed (", "storing failed (", "reading failed (", "result could not be returned", "Ray task failed")


@dataclass
class FuzzRound:
    """What one ``ingest`` of hostile files did, and every broken promise found (``problems``)."""

    events: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # file → [(outcome, reason)]
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, file: str, kind: str) -> int:
        return sum(1 for outcome, reason in self.events.get(file, []) if classify(outcome, reason) == kind)


def classify(outcome: str, reason: str) -> str:
    """stored | duplicate | error (clear, per input) | internal (a bug caught per input) | hang | crash."""
    if outcome in ("added", "duplicate"):
        return "stored" if outcome == "added" else "duplicate"
    if reason.startswith("timed out"):
        return "hang"
    if "worker process died" in reason or "Ray worker died" in reason:
        return "crash"
    if reason.startswith(INTERNAL):
        return "internal"
    return "error"


def _fingerprint(ledger) -> dict[str, str]:
    """Per stored document: a hash of its row, text and segments (to prove nothing else changed)."""
    from sqlalchemy import text as sql

    out: dict[str, str] = {}
    with ledger.engine.connect() as conn:
        segs: dict[str, list] = {}
        for row in conn.execute(sql('SELECT doc_id, ord, kind, start, "end" FROM segments ORDER BY doc_id, ord')):
            segs.setdefault(row[0], []).append(tuple(row[1:]))
        for doc_id, text, status, title in conn.execute(sql("SELECT id, text, status, title FROM documents")):
            digest = hashlib.sha256(repr((text, status, title, segs.get(doc_id, []))).encode("utf-8", "surrogatepass"))
            out[doc_id] = digest.hexdigest()
    return out


def _file_of(source: str, files: set[str]) -> str | None:
    if source in files:
        return source
    base = re.sub(r"(:\d+|#\d+)$", "", source)
    return base if base in files else None


def fuzz_round(hostile: list[Path], good: dict[Path, str], ledger, **ingest_kw) -> FuzzRound:
    """Ingest ``hostile`` files and ``good`` ones (path → text) together; check every promise.

    Each file must end in stored documents or clear per-input errors, each good text must be
    stored exactly, documents stored before must be unchanged, and every new document whole.
    """
    from claimledger.clean import clean_text
    from claimledger.ingest.pipeline import ingest

    result = FuzzRound()
    names = {str(p) for p in list(hostile) + list(good)}
    before = _fingerprint(ledger)
    events: list[tuple[str, str]] = []
    started = time.perf_counter()
    report = None
    try:
        ingest_kw.setdefault("analyze", False)
        ingest_kw.setdefault("link", False)  # the round checks ingestion; linking is checked on its own
        report = ingest(sorted(names), ledger, on_document=lambda source, outcome: events.append((source, outcome)),
                        **ingest_kw)
    except Exception as exc:  # a crash of the whole batch: the worst finding
        result.problems.append(f"crash of the batch: {type(exc).__name__}: {exc}")
    result.seconds = time.perf_counter() - started
    reasons: dict[str, list[str]] = {}
    for failure in report.failures if report else []:
        reasons.setdefault(failure.source, []).append(failure.reason)
        if not failure.reason.strip():
            result.problems.append(f"failure without a reason: {failure.source}")
    for source, outcome in events:
        file = _file_of(source, names)
        if file is None:
            result.problems.append(f"outcome for an input nobody named: {source}")
            continue
        reason = reasons.get(source, [""]).pop(0) if outcome == "failed" and reasons.get(source) else ""
        result.events.setdefault(file, []).append((outcome, reason))
    if report is None:
        return result
    for file in names:
        if file not in result.events:
            result.problems.append(f"input vanished without an outcome: {file}")
    after = _fingerprint(ledger)
    for doc_id, print_ in before.items():
        if after.get(doc_id) != print_:
            result.problems.append(f"a document stored before changed or vanished: {doc_id}")
    new = set(after) - set(before)
    if new != set(report.added):
        result.problems.append(f"new documents {len(new)} differ from those reported added {len(report.added)}")
    for path, text in good.items():
        doc_id = clean_text(text).document.id
        if doc_id not in after or ledger.document(doc_id).text != text.replace("\r\n", "\n"):
            result.problems.append(f"good document lost or altered: {path}")
    for doc_id in new:
        text_len = len(ledger.document(doc_id).text)
        segments = ledger.segments(doc_id)
        if not segments or any(not 0 <= s.start <= s.end <= text_len for s in segments):
            result.problems.append(f"document stored with broken segments: {doc_id}")
    return result
