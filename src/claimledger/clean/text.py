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

from claimledger.clean.dates import parse_dateline, stamp_in_text, year_from_page
from claimledger.clean.furniture import CONTENT_LABELS, furniture_reason, is_comment_heading, is_comment_prompt
from claimledger.clean.lines import is_headline_like
from claimledger.clean.prompts import kicker_label
from claimledger.records import PartialDate, Segment

_BYLINE = re.compile(
    r"^\s*(?i:by|words by|written by|reporting by|by:)\s+"
    r"(?P<name>[A-Z][\w.'’-]+(?:[ \t]+(?:[A-Z][\w.'’-]+|and|&|de|van|von|al|bin)){0,8})\s*"
    r"(?:[,|•-]\s*(?P<role>[\w ,'’&-]{0,60}))?$"
)
_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?:(?P<number>\d{1,4})[.)]|(?P<bullet>[•·▪◦*–-]))[ \t]+(?P<rest>\S.*)$")
_LIVE_TITLE = re.compile(r"\blive\b|\bas it happened\b|\blatest updates?\b", re.I)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
_STOP = frozenset(
    "the a an of to in on for and or as at by with from is are was were be has have had "
    "it its this that after over into than but not".split()
)


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
    return {w.lower() for w in _WORD.findall(text) if w.lower() not in _STOP}


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
    units = _link_runs(text, _kickers(text, _body_units(text, body_blocks)))
    units = _closing_teasers(text, _newsletter_box(text, _boilerplate(text, _repeats(text, units))))
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


_BULLET = re.compile(r"^\s*[-–•·▪*>]\s+")


def _title_case(line: str) -> bool:
    words = [w for w in _WORD.findall(line) if len(w) > 3]
    return len(words) >= 2 and sum(w[0].isupper() for w in words) / len(words) >= 0.6


def _link_like(line: str) -> bool:
    """A headline-like line; a bulleted or questioning one only in Title Case (a list of story
    titles, not a list of points); a short one cut off with "…" ("You may also like...")."""
    core = line.strip()
    if core.split()[-1].lower() in _STOP:  # a line wrapped mid-sentence ("… who in 2008, won the")
        return False
    if _BULLET.match(core) or core.endswith("?"):
        return _title_case(core) and is_headline_like(_BULLET.sub("", core).rstrip("?").rstrip())
    if core.endswith(("...", "…")) and len(core.split()) <= 6:
        core = core.rstrip(".… ")
    return is_headline_like(core)


def _runs(flags: list[bool]) -> list[list[int]]:
    """Maximal runs of consecutive positions whose flag is set."""
    runs: list[list[int]] = []
    for pos, flag in enumerate(flags):
        if flag and runs and runs[-1][-1] == pos - 1:
            runs[-1].append(pos)
        elif flag:
            runs.append([pos])
    return runs


def _is_link_list(lines: list[str], closes_page: bool) -> bool:
    """A run of headline-like lines that lists other stories: story titles (five words and more)
    in Title Case, or a list under a short label ("Related coverage", "You may also like…"); one
    such title alone may close the page.  Other runs (schedules, bullet points, tables) are the
    article's own lists."""
    sizes = sorted(len(line.split()) for line in lines)
    if (len(lines) < 2 and not closes_page) or sizes[len(sizes) // 2] < 5:  # titles run to five words and more
        return False
    titled = sum(_title_case(line) for line in lines)
    return titled * 2 >= len(lines) or (len(lines) > 1 and len(lines[0].split()) <= 4)


def _link_runs(text: str, units: list[_Unit]) -> list[_Unit]:
    """Related-article links among the body's text units (furniture between them allowed)."""
    text_at = [i for i, (kind, *_) in enumerate(units) if kind == "text"]
    flags = ["\n" not in text[units[i][1]:units[i][2]] and _link_like(text[units[i][1]:units[i][2]]) for i in text_at]
    links: set[int] = set()
    for run in _runs(flags):
        lines = [text[units[text_at[p]][1]:units[text_at[p]][2]] for p in run]
        before = units[text_at[run[0]] - 1] if text_at[run[0]] > 0 else None
        if before is not None and before[0] == "furniture" and before[3] == "related links":
            lines = [text[before[1]:before[2]]] + lines  # the label heads the list ("Related coverage")
        if _is_link_list(lines, closes_page=run[-1] == len(text_at) - 1):
            links.update(text_at[p] for p in run)
    # a bulleted line right after a bulleted link in the same list is one more link, even when the site
    # ran its title and summary together ("- Pochettino fired by Tottenham Pochettino took the club …")
    for prev, cur in zip(text_at, text_at[1:]):
        prev_text, cur_text = text[units[prev][1]:units[prev][2]], text[units[cur][1]:units[cur][2]]
        if prev in links and "\n" not in cur_text and _BULLET.match(prev_text) and _BULLET.match(cur_text) \
                and prev_text.lstrip()[0] == cur_text.lstrip()[0]:
            links.add(cur)
    return [("furniture", a, b, "related links") if i in links else u for i, u in enumerate(units)
            for (_, a, b, _) in [u]]


_TOGGLE = re.compile(r"(?:\s*(?:\.\.\.|…))?\s*\b(?:(?:show|read|see) )?(?:more|less)\s*$", re.I)


def _repeats(text: str, units: list[_Unit]) -> list[_Unit]:
    """A caption that a slideshow or lightbox shows twice in a row, once whole with a "less" toggle
    and once cut short with "… more", is no reporting: every copy of it on the page is furniture.
    (Paragraphs repeated without a toggle stay: scraped news texts repeat reporting too.)"""
    def key(unit: _Unit) -> str:
        return " ".join(text[unit[1]:unit[2]].split())
    toggled: set[str] = set()  # captions (without their toggle) shown whole and cut short
    previous = ""
    for unit in (u for u in units if u[0] == "text" and u[1] > 0):  # the page's title line restated is no caption
        raw = key(unit)
        mine = _TOGGLE.sub("", raw).rstrip(" .…").lower()
        short, long_ = sorted((mine, previous), key=len)
        if _TOGGLE.search(raw) and len(short.split()) >= 6 and long_.startswith(short):
            toggled.update((short, long_))
        previous = mine
    out: list[_Unit] = []
    for unit in units:
        mine = _TOGGLE.sub("", key(unit)).rstrip(" .…").lower()
        if unit[0] == "text" and unit[1] > 0 and any(mine.startswith(t) for t in toggled):
            out.append(("furniture", unit[1], unit[2], "caption"))
        else:
            out.append(unit)
    return out


# a press release's closing "About" paragraph: "Ascom is a global solutions provider …", "Acme Inc. (NYSE: ACM) is
# a leading maker of …", and the company facts that go with it (headquarters, staff, listing)
_ABOUT_OPEN = re.compile(
    r"^(?:about [^\n]{1,60}\n)?[A-Z][\w&.'’-]*(?: [A-Z][\w&.'’-]*){0,4}(?: \([^)]{1,40}\))?,? (?:is|are) (?:a|an|the) "
    r"[^.]{0,120}?\b(?:provider|company|manufacturer|developer|leader|firm|supplier|maker|organi[sz]ation|group|"
    r"platform|specialist|pioneer|producer|distributor|operator|corporation)s?\b", re.I)
_COMPANY_FACTS = re.compile(r"\b(?:headquartered|head office|employs|subsidiaries|listed on|traded on|"
                            r"founded in \d{4}|offices in|for more information)\b", re.I)


# an author's bio closing the page: "Eric Song is IGN's deal curator and …", "Jane Doe is a reporter for …"
_AUTHOR_BIO = re.compile(
    r"^[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3} is (?:a|an|the|[A-Z][\w&.-]*['’]s?) [^.]{0,60}?\b(?:writer|editor|"
    r"reporter|correspondent|curator|contributor|columnist|journalist|producer|author|critic)s?\b")


# what a bio never says and a report about a journalist does ("… who was arrested in Yekaterinburg")
_NEWS_OF_PERSON = re.compile(r"\b(who|which|was|were|had been|has been)\b", re.I)


def _boilerplate(text: str, units: list[_Unit]) -> list[_Unit]:
    """An author's bio as the page's last paragraph is furniture.  A press release ends with the
    company's "About" paragraphs even when the "About X" heading is gone: one of the last three
    paragraphs opens "X is a … provider/company/maker" and the text from there to the end states
    company facts (headquarters, staff, listing); from it on, furniture."""
    text_at = [i for i, u in enumerate(units) if u[0] == "text"]
    if text_at:
        last = units[text_at[-1]]
        bio = text[last[1]:last[2]]
        if len(bio.split()) <= 40 and _AUTHOR_BIO.match(bio) and not _NEWS_OF_PERSON.search(bio):
            units = units[:text_at[-1]] + [("furniture", last[1], last[2], "author bio")] + units[text_at[-1] + 1:]
            text_at = text_at[:-1]
    for i in text_at[-3:]:
        start, end = units[i][1], units[text_at[-1]][2]
        if _ABOUT_OPEN.match(text[start:units[i][2]]) and _COMPANY_FACTS.search(text[start:end]):
            return units[:i] + [("furniture", u[1], u[2], "press-release boilerplate") if u[0] == "text" else u
                                for u in units[i:]]
    return units


_NEWSLETTER_WORD = re.compile(r"\bnewsletters?\b", re.I)


def _newsletter_box(text: str, units: list[_Unit]) -> list[_Unit]:
    """A heading that names a newsletter ("Pick Six Newsletter") and the short lines under it (the pitch,
    "Thanks for signing up!", its error message) up to the next heading or a long paragraph: furniture."""
    out = list(units)
    i = 0
    while i < len(out):
        kind, start, end, _ = out[i]
        chunk = text[start:end]
        if kind == "text" and "\n" not in chunk and is_headline_like(chunk) and _NEWSLETTER_WORD.search(chunk):
            out[i] = ("furniture", start, end, "newsletter promotion")
            j = i + 1
            while j < len(out) and (out[j][0] == "furniture" or (
                    len(text[out[j][1]:out[j][2]].split()) <= 25 and not is_headline_like(text[out[j][1]:out[j][2]]))):
                out[j] = ("furniture", out[j][1], out[j][2], out[j][3] or "newsletter promotion")
                j += 1
            i = j
        else:
            i += 1
    return out


def _closing_teasers(text: str, units: list[_Unit]) -> list[_Unit]:
    """Four or more bulleted one-line items that close the page, right after furniture (a promotion, a
    link list) and at most one heading, are teasers for other stories, not the article's own points."""
    text_at = [i for i, u in enumerate(units) if u[0] == "text"]
    items: list[int] = []
    for i in reversed(text_at):
        chunk = text[units[i][1]:units[i][2]]
        if "\n" in chunk or not _BULLET.match(chunk):
            break
        items.append(i)
    if len(items) < 4:
        return units
    first = min(items)
    before = [i for i in range(first) if units[i][0] == "text" or units[i][3] is not None]
    heading = before[-1] if before and units[before[-1]][0] == "text" and is_headline_like(
        text[units[before[-1]][1]:units[before[-1]][2]]) else None
    lead = [i for i in before if i != heading]
    if not lead or units[lead[-1]][0] != "furniture":
        return units
    marked = set(items) | ({heading} if heading is not None else set())
    return [("furniture", u[1], u[2], "related links") if i in marked else u for i, u in enumerate(units)]


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
