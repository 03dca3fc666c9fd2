"""Quotation spans in raw text: straight, curly and guillemet quotes, and quotes that run
across paragraphs.

News style marks a quotation that runs over several paragraphs with an opening mark at the
start of every paragraph and a closing mark only at the very end; so a quote still open at a
paragraph break continues when the next paragraph opens with a quote mark, and stops at the
break otherwise (an unbalanced mark must not swallow the rest of the article).

Single quotes (‘ ’ and ') double as apostrophes, so they count only as a clear pair: the
opening mark at a word start, the closing mark after a word and not followed by a letter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DOUBLE_OPEN = {"“": "”", "«": "»", "„": "“", "\"": "\""}
SINGLE_OPEN = {"‘": "’", "'": "'"}
_PARA = re.compile(r"\n\s*\n|\n")


@dataclass(frozen=True)
class Quote:
    start: int  # offset of the opening mark
    end: int  # offset just after the closing mark (or the paragraph end when unterminated)
    closed: bool
    double: bool  # double marks (a real quotation) rather than single ones

    def inner(self, text: str) -> tuple[int, int]:
        """The quoted words without the marks and surrounding blanks."""
        s, e = self.start + 1, self.end - (1 if self.closed else 0)
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        return s, e

    def words(self, text: str) -> int:
        s, e = self.inner(text)
        return len(text[s:e].split())


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in _PARA.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _opens(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{—–-:,") and not after.isspace()


def _closes(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and not after.isalnum()


def _double_quotes(
    text: str, para: tuple[int, int], running: tuple[int, str] | None = None
) -> tuple[list[tuple[int, int, bool]], int | None]:
    """Closed quotes in one paragraph (``running``: a quote already open at its start, with its
    closing mark), and the start of one left open at its end."""
    found: list[tuple[int, int, bool]] = []
    open_at, close_mark = running if running else (None, "")
    for i in range(*para):
        ch = text[i]
        if open_at is None:
            if ch in DOUBLE_OPEN and (ch != "\"" or _opens(text, i)):
                open_at, close_mark = i, DOUBLE_OPEN[ch]
        elif ch == close_mark and (ch != "\"" or _closes(text, i)):
            found.append((open_at, i + 1, True))
            open_at = None
    return found, open_at


def _single_quotes(text: str, para: tuple[int, int]) -> list[tuple[int, int, bool]]:
    found, i, end = [], para[0], para[1]
    while i < end:
        ch = text[i]
        if ch in SINGLE_OPEN and _opens(text, i):
            close = SINGLE_OPEN[ch]
            j = i + 1
            while j < end:
                if text[j] == close and _closes(text, j) and not text[j - 1].isspace():
                    break
                j += 1
            if j < end:
                found.append((i, j + 1, True))
                i = j + 1
                continue
        i += 1
    return found


_TWO_MARKS = re.compile(r"''|``")


def _one_mark_quotes(text: str) -> str:
    """Two-character quote marks (NYT and typewriter style ``''…''``, ````…''``) as one straight
    double mark and a blank, offsets unchanged: the blank goes on the side of the words outside."""
    def swap(m: re.Match) -> str:
        after = text[m.end()] if m.end() < len(text) else " "
        before = text[m.start() - 1] if m.start() > 0 else " "
        if m.group() == "``" or (before.isspace() or before in "([{—–-:,") and not after.isspace():
            return " \""  # opening: the mark sits next to the first quoted word
        if not before.isspace() and not after.isalnum():
            return "\" "
        return m.group()
    return _TWO_MARKS.sub(swap, text) if "''" in text or "``" in text else text


def find_quotes(text: str) -> list[Quote]:
    """All quotation spans of ``text``, sorted by start (double ones merged across paragraphs)."""
    original, text = text, _one_mark_quotes(text)
    quotes: list[Quote] = []
    paras = _paragraphs(text)
    carry: tuple[int, str] | None = None  # a quote still open at the previous paragraph break
    for k, para in enumerate(paras):
        first = para[0]
        if carry is not None and text[first] in DOUBLE_OPEN:
            # the mark opening this paragraph continues the running quote
            found, open_at = _double_quotes(text, (first + 1, para[1]), carry)
        else:
            if carry is not None:
                quotes.append(Quote(carry[0], paras[k - 1][1], False, True))
            found, open_at = _double_quotes(text, para)
        carry = None
        quotes.extend(Quote(s, e, c, True) for s, e, c in found)
        if open_at is not None:
            nxt = paras[k + 1][0] if k + 1 < len(paras) else None
            if nxt is not None and text[nxt] in DOUBLE_OPEN:
                carry = (open_at, DOUBLE_OPEN[text[open_at]])
            else:
                quotes.append(Quote(open_at, para[1], False, True))
        inside = [(q.start, q.end) for q in quotes]
        for s, e, c in _single_quotes(text, para):
            if not any(a <= s < b for a, b in inside) or any(a < s and e <= b for a, b in inside):
                quotes.append(Quote(s, e, c, False))
    if carry is not None:
        quotes.append(Quote(carry[0], paras[-1][1], False, True))
    if text is not original:
        quotes = [_outer_marks(original, q) for q in quotes]
    return sorted(set(quotes), key=lambda q: (q.start, -q.end))


def _outer_marks(text: str, q: Quote) -> Quote:
    """A quotation found on one-mark text, grown back over its two-character marks."""
    start = q.start - 1 if q.start > 0 and text[q.start - 1:q.start + 1] in ("''", "``") else q.start
    end = q.end + 1 if q.closed and text[q.end - 1:q.end + 1] == "''" else q.end
    return Quote(start, end, q.closed, q.double)


def quote_at(quotes: list[Quote], start: int, end: int) -> Quote | None:
    """The outermost quote that contains ``[start, end)``."""
    best = None
    for q in quotes:
        if q.start <= start and end <= q.end and (best is None or q.end - q.start > best.end - best.start):
            best = q
    return best


def doc_text(doc) -> str:
    """``doc.text``, built once per Doc (spaCy joins every token on each access)."""
    text = doc.user_data.get("claimledger_text")
    if text is None:
        text = doc.user_data["claimledger_text"] = doc.text
    return text
