"""Runs of body units that are page furniture: link and teaser lists, a caption printed twice,
press-release and author boilerplate, newsletter boxes, teasers closing the page.

Each pass takes the units of ``text.segment_text`` (text or furniture, start, end, reason)
and returns them with the runs it finds marked as furniture."""

from __future__ import annotations

import re

from claimledger.clean.lines import is_headline_like
from claimledger.clean.words import STOP, WORD

Unit = tuple[str, int, int, "str | None"]  # (text or furniture, start, end, furniture reason)


_BULLET = re.compile(r"^\s*[-–•·▪*>]\s+")


def _title_case(line: str) -> bool:
    words = [w for w in WORD.findall(line) if len(w) > 3]
    return len(words) >= 2 and sum(w[0].isupper() for w in words) / len(words) >= 0.6


def _link_like(line: str) -> bool:
    """A headline-like line; a bulleted or questioning one only in Title Case (a list of story
    titles, not a list of points); a short one cut off with "…" ("You may also like...")."""
    core = line.strip()
    if core.split()[-1].lower() in STOP:  # a line wrapped mid-sentence ("… who in 2008, won the")
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


def link_runs(text: str, units: list[Unit]) -> list[Unit]:
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


_TOGGLE_WORD = re.compile(r"more|less", re.I)


def _untoggled(raw: str) -> tuple[str, bool]:
    """``raw`` (white space already collapsed) without a closing toggle, and whether it had one.
    The toggle ends the text, so only a text whose last four characters are "more" or "less" is
    searched: the search tries every position, and most paragraphs end otherwise."""
    if not _TOGGLE_WORD.fullmatch(raw[-4:]):
        return raw, False
    cut = _TOGGLE.sub("", raw)
    return cut, cut != raw


def repeats(text: str, units: list[Unit]) -> list[Unit]:
    """A caption that a slideshow or lightbox shows twice in a row, once whole with a "less" toggle
    and once cut short with "… more", is no reporting: every copy of it on the page is furniture.
    (Paragraphs repeated without a toggle stay: scraped news texts repeat reporting too.)"""
    def key(unit: Unit) -> str:
        return " ".join(text[unit[1]:unit[2]].split())
    toggled: set[str] = set()  # captions (without their toggle) shown whole and cut short
    previous = ""
    for unit in (u for u in units if u[0] == "text" and u[1] > 0):  # the page's title line restated is no caption
        cut, has_toggle = _untoggled(key(unit))
        mine = cut.rstrip(" .…").lower()
        short, long_ = sorted((mine, previous), key=len)
        if has_toggle and len(short.split()) >= 6 and long_.startswith(short):
            toggled.update((short, long_))
        previous = mine
    if not toggled:  # no caption shown twice: nothing to mark
        return list(units)
    out: list[Unit] = []
    for unit in units:
        mine = _untoggled(key(unit))[0].rstrip(" .…").lower()
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


def boilerplate(text: str, units: list[Unit]) -> list[Unit]:
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


_NEWSLETTERWORD = re.compile(r"\bnewsletters?\b", re.I)


def newsletter_box(text: str, units: list[Unit]) -> list[Unit]:
    """A heading that names a newsletter ("Pick Six Newsletter") and the short lines under it (the pitch,
    "Thanks for signing up!", its error message) up to the next heading or a long paragraph: furniture."""
    out = list(units)
    i = 0
    while i < len(out):
        kind, start, end, _ = out[i]
        chunk = text[start:end]
        if kind == "text" and "\n" not in chunk and is_headline_like(chunk) and _NEWSLETTERWORD.search(chunk):
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


def closing_teasers(text: str, units: list[Unit]) -> list[Unit]:
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
