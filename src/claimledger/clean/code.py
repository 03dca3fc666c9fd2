"""Code left in a page's text: scripts, style sheets, HTML comments, escaped entities.

Text dumps of news pages keep the player and ad snippets that sat between paragraphs
(``mboxCreate('…');``, ``OO.ready(function() { … });``, ``<!-- google_ad_client = … -->``,
``@media … { … }``).  They are no reporting: their "names" become entities and their
lines claims.  ``code_reason`` names the kind of code a line is, or ``None``.
"""

from __future__ import annotations

import re

# A statement that calls a dotted name ("brightcove.createExperiences();") or opens a
# function or declaration; it ends the way statements end.
_CALL_START = re.compile(r"^\(?\s*(?:function\b|[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*\()")
_DECLARATION = re.compile(r"^(?:var|let|const)\s+[A-Za-z_$][\w$]*\s*=")
_STATEMENT_END = re.compile(r"(?:;|\}|\)|\}\);?)\s*$")
# A style rule: selectors, then "{ property: value; … }".
_STYLE_RULE = re.compile(r"^(?:@media\b[^{]*\{\s*)?[.#]?[\w\-]+[^{};]*\{\s*[\w\-]+\s*:[^{}]*\}")
_ENTITY = re.compile(r"&(?:[a-z]+|#\d+);?|(?:amp|nbsp|quot|lt|gt|hellip|mdash|ndash);", re.I)


def code_reason(text: str) -> str | None:
    """``"script"``, ``"style sheet"``, ``"html comment"`` or ``"escaped entities"`` when the
    whole line is one of those; ``None`` for a line of prose."""
    stripped = text.strip()
    if not stripped:
        return None
    if stripped.startswith("<!--"):
        return "html comment"
    if _STYLE_RULE.match(stripped):
        return "style sheet"
    if not _ENTITY.sub("", stripped).strip():
        return "escaped entities"
    if (_CALL_START.match(stripped) or _DECLARATION.match(stripped)) and _STATEMENT_END.search(stripped) \
            and _code_like(stripped):
        return "script"
    return None


def _code_like(line: str) -> bool:
    """Statement punctuation where prose has words: a call with no space before its
    parenthesis and a semicolon or brace, which sentences ("Iraq (AP) said;") lack together."""
    return bool(re.search(r"[\w$]\(", line)) and bool(re.search(r"[;{}]", line))
