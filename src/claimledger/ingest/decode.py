"""Bytes to text: declared encodings are trusted and checked, others detected."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from claimledger.errors import ClaimledgerError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_BOMS = [(codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")]


class InputError(ClaimledgerError, ValueError):
    """An input that cannot be read as a document; the message says why."""


def declared_encoding(data: bytes, header: str | None = None) -> str | None:
    """The encoding the input declares: a BOM, an HTTP header, or an HTML ``<meta charset>``."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    if header:
        match = re.search(r"charset=([\w.:-]+)", header, re.I)
        if match:
            return match.group(1).lower()
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii").lower() if match else None


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` / ``utf-16-be`` for text that is plainly UTF-16 without a BOM (mostly Latin
    text: every other byte NUL, on one side only), else ``None``."""
    head = data[:8192]
    if len(head) < 4 or b"\x00" not in head:
        return None
    even, odd = head[0::2], head[1::2]
    zeros_even, zeros_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if zeros_odd > 0.4 and zeros_even < 0.05:
        return "utf-16-le"
    if zeros_even > 0.4 and zeros_odd < 0.05:
        return "utf-16-be"
    return None


def decode(data: bytes, *, declared: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Text of ``data``; raises ``InputError`` for empty, too large, binary or undecodable input."""
    if not data.strip():
        raise InputError("empty input: no text")
    if len(data) > max_bytes:
        raise InputError(f"too large: {len(data) / 2**20:.1f} MiB over the {max_bytes / 2**20:.0f} MiB limit (--max-bytes)")
    encoding = declared or declared_encoding(data) or _utf16_without_bom(data)
    if not (encoding or "").startswith("utf-16") and b"\x00" in data[:8192]:
        raise InputError("binary content (NUL bytes), not text")
    if encoding:
        try:
            info = codecs.lookup(encoding)
        except LookupError:
            raise InputError(f"unknown declared encoding {encoding!r}") from None
        if not getattr(info, "_is_text_encoding", True):  # base64, zlib, rot13 ...: not a charset
            raise InputError(f"declared encoding {encoding!r} is not a text encoding")
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(
                f"invalid bytes for the declared encoding {encoding} at byte {exc.start}: {data[exc.start:exc.start + 4]!r}"
            ) from None
        except (UnicodeError, ValueError) as exc:  # codecs such as punycode or idna fail this way
            raise InputError(f"invalid bytes for the declared encoding {encoding} ({exc})") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise InputError("binary content: no text encoding fits")
    try:  # detected on the first 200 kB: the rest may not fit
        text = data.decode(best.encoding, errors="strict")
    except UnicodeDecodeError as exc:
        raise InputError(f"mixed or broken encoding: invalid bytes for the detected {best.encoding} "
                         f"at byte {exc.start}: {data[exc.start:exc.start + 4]!r}") from None
    if sum(ch.isprintable() or ch.isspace() for ch in text[:5000]) < 0.95 * min(len(text), 5000):
        raise InputError("binary content: mostly unprintable characters")
    return text
