"""Segmenter for scraped plain text (what a copy-paste or a text dump of a page gives).

The page is read as blocks of non-blank lines.  From general layout patterns it finds
the headline, byline, dateline, teaser lines, live-blog entries and their
sub-headlines, body paragraphs and quotes, page furniture, and a trailing section of
reader comments (numbered or bulleted items, replies indented under their parent).
Every segment keeps offsets into the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimledger.clean.body_runs import boilerplate, closing_teasers, link_runs, newsletter_box, repeats
from claimledger.clean.dates import parse_dateline, stamp_in_text, year_from_page
from claimledger.clean.furniture import CONTENT_LABELS, furniture_reason, is_comment_heading, is_comment_prompt
from claimledger.clean.lines import is_headline_like
from claimledger.clean.prompts import kicker_label
from claimledger.clean.words import STOP, WORD
from claimledger.records import PartialDate, Segment

_BYLINE = re.compile(
    r"^\s*(?i:by|words by|written by|reporting by|by:)\s+"
    r"(?P<name>[A-Z][\w.'’-]+(?:[ \t]+(?:[A-Z][\w.'’-]+|and|&|de|van|von|al|bin)){0,8})\s*"
    r"(?:[,|•-]\s*(?P<role>[\w ,'’&-]{0,60}))?$"
)
_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?:(?P<number>\d{1,4})[.)]|(?P<bullet>[•·▪◦*–-]))[ \t]+(?P<rest>\S.*)$")
_LIVE_TITLE = re.compile(r"\blive\b|\bas it happened\b|\blatest updates?\b", re.I)

@dataclass
class _Line:
    start: int
    end: int
    text: str

    @property
    def indent(self) -> int:
        return len(self.text) - len(self.text.lstrip(" \t"))


def _lines(text: str) -> list[_Line]:
    out, pos = [], 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        out.append(_Line(pos, pos + len(body), body))
        pos += len(raw)
    return out


def _blocks(lines: list[_Line]) -> list[list[_Line]]:
    blocks: list[list[_Line]] = []
    current: list[_Line] = []
    for line in lines:
        if line.text.strip():
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _trimmed(text: str, line: _Line) -> tuple[int, int]:
    """Offsets of a line without its surrounding whitespace."""
    lead = len(line.text) - len(line.text.lstrip())
    return line.start + lead, line.start + len(line.text.rstrip())


def _is_title(text: str) -> bool:
    """The first line of a page is its title when it reads like one (questions allowed)."""
    stripped = text.strip()
    return is_headline_like(stripped) or (stripped[-1:] in "?!" and is_headline_like(stripped[:-1]))


def _content_words(text: str) -> set[str]:
    return {w.lower() for w in WORD.findall(text) if w.lower() not in STOP}


def _similar(a: str, b: str) -> float:
    wa = {w[:5] for w in _content_words(a)}
    wb = {w[:5] for w in _content_words(b)}
    return len(wa & wb) / max(1, min(len(wa), len(wb)))


_LABEL_PREFIX = re.compile(r"^[A-Z][\w' ]{0,20}:\s")


def _is_standfirst(line: str, title: str, first: bool = True) -> bool:
    """A sub-title under the headline, as opposed to a teaser for another story.

    Teasers ("Ukraine: Counter-attack close to ...") carry a topic label and share
    little with the headline; standfirsts continue the headline's story.  A long line
    unlike the headline passes only as the first one: a page has one standfirst, and a
    list of story titles under the headline is a list of links.
    """
    if _similar(line, title) >= 0.3:
        return True
    return first and not _LABEL_PREFIX.match(line) and len(line.split()) >= 10


def _comment_start(blocks: list[list[_Line]], first_body: int) -> int | None:
    """Index of the first block of a trailing comments section, if the page has one.

    A section starts at an indented numbered/bulleted item or a "Comments" heading, and
    everything after it must look like comments (items, indented continuations, prompts).
    """

    def comment_like(block: list[_Line]) -> bool:
        first = block[0].text
        return bool(
            (_ITEM.match(first) and (block[0].indent > 0 or _ITEM.match(first).group("bullet")))
            or block[0].indent >= 2
            or is_comment_prompt(first)
            or furniture_reason(first)
        )

    for i in range(max(first_body + 1, 1), len(blocks)):
        first = blocks[i][0]
        opens = is_comment_prompt(first.text) and not first.text.strip().lower().startswith(("enter", "add", "post", "leave", "write", "submit"))
        item = _ITEM.match(first.text)
        opens = opens or bool(item and first.indent > 0)
        if opens and all(comment_like(b) for b in blocks[i:]) and any(
            _ITEM.match(b[0].text) or not is_comment_prompt(b[0].text) for b in blocks[i:]
        ):
            if any(not (is_comment_prompt(b[0].text) or furniture_reason(b[0].text)) for b in blocks[i:]):
                return i
    # A bare "Comments" heading followed by unmarked paragraphs.
    for i in range(max(first_body + 1, 1), len(blocks)):
        text = blocks[i][0].text.strip()
        if len(blocks[i]) == 1 and is_comment_heading(text):
            return i
    return None


class _Builder:
    def __init__(self, text: str):
        self.text = text
        self.segments: list[Segment] = []

    def add(self, kind: str, start: int, end: int, **kw) -> Segment:
        seg = Segment(kind=kind, order=len(self.segments), start=start, end=end, **kw)
        self.segments.append(seg)
        return seg

    def add_line(self, kind: str, line: _Line, **kw) -> Segment:
        start, end = _trimmed(self.text, line)
        return self.add(kind, start, end, **kw)


def _comments(builder: _Builder, blocks: list[list[_Line]]) -> None:
    """Comments as their own segments; replies point at their parent via ``parent``."""
    stack: list[tuple[int, int]] = []  # (indent, segment order) of open items
    current: dict | None = None

    def close() -> None:
        nonlocal current
        if current and current["lines"]:
            lines = current["lines"]
            header = current.get("header")
            start, _ = _trimmed(builder.text, lines[0])
            _, end = _trimmed(builder.text, lines[-1])
            if current["first_start"] is not None:
                start = current["first_start"]
            meta = {k: v for k, v in (("number", current.get("number")), ("header", header)) if v is not None}
            seg = builder.add("comment", start, end, parent=current["parent"], meta=meta)
            stack.append((current["indent"], seg.order))
        elif current and current.get("header"):
            # an item with only a short label and no text: keep it visible as furniture
            builder.add("furniture", current["header_span"][0], current["header_span"][1], meta={"reason": "comment label"})
        current = None

    for block in blocks:
        for line in block:
            stripped = line.text.strip()
            item = _ITEM.match(line.text)
            if is_comment_prompt(stripped) or (not item and furniture_reason(stripped) and len(stripped.split()) <= 6):
                close()
                builder.add_line("furniture", line, meta={"reason": "comment section prompt"})
                continue
            if item:
                close()
                indent = line.indent
                while stack and stack[-1][0] >= indent:
                    stack.pop()
                parent = stack[-1][1] if stack else None
                rest_start = line.start + item.start("rest")
                rest = item.group("rest").strip()
                current = {"indent": indent, "parent": parent, "lines": [], "first_start": None}
                if item.group("number"):
                    current["number"] = int(item.group("number"))
                if len(rest.split()) <= 3 and not re.search(r"[.!?]$", rest):
                    # a short label ("Liked", a user name) heading the item's text
                    current["header"] = rest
                    current["header_span"] = (rest_start, rest_start + len(rest))
                else:
                    current["lines"].append(line)
                    current["first_start"] = rest_start
                continue
            if current is None:
                current = {"indent": line.indent, "parent": None, "lines": [], "first_start": None}
            current["lines"].append(line)
        # a blank line ends an unmarked comment, but not a numbered one whose text goes on
        if current and not current.get("number") and not current.get("header") and current["lines"]:
            close()
    close()


def segment_text(text: str, year: int | None = None) -> tuple[list[Segment], dict]:
    """Segments of a scraped plain-text page and the metadata found on it.

    Returns ``(segments, meta)`` where meta has ``title``, ``byline``, ``published``
    (``PartialDate`` or None) and ``kind`` (``article`` or ``liveblog``).
    """
    builder = _Builder(text)
    blocks = _blocks(_lines(text))
    meta: dict = {"title": None, "byline": None, "published": None, "kind": "article"}
    if not blocks:
        return [], meta
    body_blocks = _header(builder, blocks, meta)
    cut = _comment_start(body_blocks, 0)
    comment_blocks = body_blocks[cut:] if cut is not None else []
    body_blocks = body_blocks[:cut] if cut is not None else body_blocks
    units = link_runs(text, _kickers(text, _body_units(text, body_blocks)))
    units = closing_teasers(text, newsletter_box(text, boilerplate(text, repeats(text, units))))
    kinds = _unit_kinds(text, units)
    # Cross-heads in an ordinary article look like entry headlines; a live blog is named
    # as such in its title or has many entries.
    liveblog = bool(_LIVE_TITLE.search(meta["title"] or "")) or kinds.count("subheading") >= 3
    meta["kind"] = "liveblog" if liveblog else "article"
    _add_body(builder, units, kinds, liveblog)
    _comments(builder, comment_blocks)
    # a stamp in the reader comments dates a comment, not the page
    published = meta["published"] or stamp_in_text(text[:comment_blocks[0][0].start if comment_blocks else len(text)])
    meta["published"] = published
    if published is not None and published.year is None:
        found = year or year_from_page(text, published)
        if found:
            meta["published"] = PartialDate(found, published.month, published.day)
    return builder.segments, meta


def _header(builder: _Builder, blocks: list[list[_Line]], meta: dict) -> list[list[_Line]]:
    """Headline, then byline / dateline / teasers until the first body paragraph (recorded in
    ``meta``); the blocks from that paragraph on."""
    first = blocks[0][0]
    if _is_title(first.text) and not parse_dateline(first.text):  # a page may open with its date stamp
        builder.add_line("headline", first)
        meta["title"] = first.text.strip()
        header_rest = [[ln] for ln in blocks[0][1:]] + blocks[1:]
    else:  # a body without a title line (feeds, dumps): reporting from the first line on
        header_rest = blocks
    for index, block in enumerate(header_rest):
        line = block[0]
        stripped = line.text.strip()
        if len(block) == 1 and (by := _BYLINE.match(stripped)):
            builder.add_line("byline", line)
            meta["byline"] = by.group("name").strip()
        elif len(block) == 1 and (date := parse_dateline(stripped)):
            builder.add_line("dateline", line)
            meta["published"] = date
        elif len(block) == 1 and furniture_reason(stripped):
            builder.add_line("furniture", line, meta={"reason": furniture_reason(stripped)})
        elif len(block) == 1 and is_headline_like(stripped):
            first = not any(seg.kind in ("standfirst", "furniture") for seg in builder.segments)
            if meta["title"] and _is_standfirst(stripped, meta["title"], first):
                builder.add_line("standfirst", line)
            else:
                builder.add_line("furniture", line, meta={"reason": "teaser link"})
        else:
            return header_rest[index:]
    return []


_Unit = tuple[str, int, int, "str | None"]  # (text or furniture, start, end, furniture reason)


def _body_units(text: str, body_blocks: list[list[_Line]]) -> list[_Unit]:
    """Body blocks as text units, with furniture lines inside a block split out as their own units."""
    units: list[_Unit] = []
    for block in body_blocks:
        reasons = [furniture_reason(ln.text) for ln in block]
        if any(reasons):
            run: list[_Line] = []
            for ln, reason in zip(block + [None], reasons + [None]):  # type: ignore[operator]
                if ln is not None and not reason:
                    run.append(ln)
                    continue
                if run:
                    units.append(("text", _trimmed(text, run[0])[0], _trimmed(text, run[-1])[1], None))
                    run = []
                if ln is not None:
                    units.append(("furniture", *_trimmed(text, ln), reason))
        else:
            units.append(("text", _trimmed(text, block[0])[0], _trimmed(text, block[-1])[1], None))
    return units


def _kickers(text: str, units: list[_Unit]) -> list[_Unit]:
    """An upper-case label opening a paragraph ("DEVELOPING: Troops …") split off as furniture;
    a short label line ("HORROR: Soldier …") that reads as a teaser is furniture whole."""
    out: list[_Unit] = []
    for kind, start, end, reason in units:
        cut = kicker_label(text[start:end]) if kind == "text" else 0
        label = text[start:start + cut].rstrip(": ").lower()
        if not cut or label in CONTENT_LABELS:
            out.append((kind, start, end, reason))
        elif is_headline_like(text[start + cut:end]):
            out.append(("furniture", start, end, "kicker teaser"))
        else:
            out += [("furniture", start, start + cut - 1, "kicker label"), ("text", start + cut, end, None)]
    return out


def _unit_kinds(text: str, units: list[_Unit]) -> list[str]:
    """furniture, subheading (a headline-like line before ordinary text), quote or body, per unit."""
    following: list[_Unit | None] = [None] * len(units)  # the next unit that is not furniture (one pass)
    for i in range(len(units) - 2, -1, -1):
        following[i] = units[i + 1] if units[i + 1][0] != "furniture" else following[i + 1]
    kinds: list[str] = []
    for i, (kind, start, end, _) in enumerate(units):
        if kind == "furniture":
            kinds.append("furniture")
            continue
        chunk = text[start:end]
        nxt = following[i]
        if is_headline_like(chunk) and "\n" not in chunk and nxt is not None and not is_headline_like(text[nxt[1]:nxt[2]]):
            kinds.append("subheading")
        elif chunk.lstrip()[:1] in "“\"‘'«":
            kinds.append("quote")
        else:
            kinds.append("body")
    return kinds


def _add_body(builder: _Builder, units: list[_Unit], kinds: list[str], liveblog: bool) -> None:
    """The body segments; in a live blog each subheading opens an entry that the text after it belongs to."""
    entry = 0 if liveblog else None
    entry_parent: int | None = None
    for (kind, start, end, reason), seg_kind in zip(units, kinds):
        if seg_kind == "furniture":
            builder.add("furniture", start, end, entry=entry, meta={"reason": reason})
        elif seg_kind == "subheading" and liveblog:
            if any(s.kind in ("body", "quote") for s in builder.segments):
                entry = (entry or 0) + 1
            seg = builder.add("entry_headline", start, end, entry=entry)
            entry_parent = seg.order
        else:
            builder.add(seg_kind, start, end, entry=entry, parent=entry_parent if liveblog else None)
