"""WARC archives read with bounded memory, whatever the compressed file hides.

warcio reads header lines whole and decompresses on its own, so a gzip bomb (a small
``.warc.gz`` that inflates to gigabytes of one line) once filled memory.  ``WarcStream``
hands warcio the archive already decompressed (gzip members one after the other, as a
``.warc.gz`` stores them) and refuses any stretch without a line break longer than the
input limit: no record, header or line over ``--max-bytes`` is ever held.  ``truncated``
tells a record that ends before its declared length (a cut archive) from a whole one.
"""

from __future__ import annotations

import io
import zlib
from typing import IO

from claimledger.ingest.decode import InputError

GZIP_MAGIC = b"\x1f\x8b"
WARC_BLOCK = 1 << 20  # warcio's read size: its readline joins blocks pairwise, so few large ones keep it linear
_CHUNK = 1 << 16
_SLACK = 1 << 16  # headers around a record's content


class WarcStream:
    """A read-only stream of the decompressed archive; ``read`` raises ``InputError`` over the limit."""

    def __init__(self, raw: IO[bytes] | io.BufferedIOBase, max_bytes: int):
        self.raw = raw
        self.max_run = max(max_bytes, 1 << 20) + _SLACK
        self.run = 0  # bytes since the last line break
        self.pending = b""
        self.inflater: zlib._Decompress | None = None
        head = raw.read(2)
        self.gzip = head == GZIP_MAGIC
        self.pending = head if not self.gzip else b""
        self.compressed = head if self.gzip else b""
        self.eof = False

    def read(self, size: int = -1) -> bytes:
        size = size if size is not None and size >= 0 else _CHUNK
        data = self._take(size)
        cut = data.rfind(b"\n")
        self.run = len(data) - cut - 1 if cut >= 0 else self.run + len(data)
        if self.run > self.max_run:
            raise InputError(f"a WARC record or line is over the {self.max_run / 2**20:.0f} MiB limit once "
                             "decompressed (--max-bytes); the rest of the archive was not read")
        return data

    def _take(self, size: int) -> bytes:
        if self.pending:
            data, self.pending = self.pending[:size], self.pending[size:]
            return data
        if not self.gzip:
            return self.raw.read(size)
        return self._inflate(size)

    def _inflate(self, size: int) -> bytes:
        """Up to ``size`` decompressed bytes (gzip members one after another)."""
        while not self.eof:
            if not self.compressed:
                self.compressed = self.raw.read(_CHUNK)
            if not self.compressed:
                self.eof = True
                if self.inflater is not None:  # the file ends inside a gzip member
                    raise InputError("truncated: the compressed archive ends inside a record (a cut archive)")
                break
            if self.inflater is None:
                self.inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
            try:
                out = self.inflater.decompress(self.compressed, size)
            except zlib.error as exc:
                raise InputError(f"broken gzip data in the archive ({exc})") from None
            self.compressed = self.inflater.unconsumed_tail
            if self.inflater.eof:
                self.compressed = self.inflater.unused_data + self.compressed
                self.inflater = None
            if out:
                return out
        return b""

    def close(self) -> None:
        self.raw.close()


def truncated(record) -> int:
    """Bytes a fully read record lacks of its declared length (0: whole)."""
    return max(0, int(getattr(record.raw_stream, "limit", 0) or 0))
