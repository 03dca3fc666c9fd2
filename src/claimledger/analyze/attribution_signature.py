"""Signed quotations: a dash and a name closing a quotation or a post, as a byline of the words
before it (no verb says who speaks):

    “He represents our greatest shame.” ― Sonya Herridge
    No one should be above the law. pic.twitter.com/… — Paul Ryan (@SpeakerRyan) July 5, 2016
    "… pay zero taxes."
    - Sanders.

The source is the name (with its handle), the cue the dash, the content the line's words before
the dash, or the paragraph before when the dash opens its own line and that paragraph is a
quotation.  PolNeAR marks these the same way (train: 11, embedded posts and debate quotes).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from claimledger.analyze.attribution_content import CLOSERS, OPENERS, trim_chars
from claimledger.analyze.attribution_quotes import doc_text
from claimledger.analyze.attribution_rules import Candidate

SIGNATURE_DASHES = frozenset({"―", "—", "–", "-", "--"})
SIGNATURE_CUE = "signed"  # the cue lemma of a signature (a neutral cue: the words are the signer's)
_MONTHS = ("January February March April May June July August September October November December "
           "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec").split()
# after the name: the post's handle and date, nothing else, to the end of the line
_NAME = re.compile(r"[A-Z][\w'’.]*(?:-[A-Z][\w'’]*)?")
_TAIL = re.compile(r"\s*(?:\(@\w+\))?\s*(?:(?:" + "|".join(_MONTHS) + r")\.?\s+\d{1,2},?\s+\d{4})?\s*\.?\s*$")
_MAX_NAME_WORDS = 4
_BLANKS = " \t\xa0"
_DOUBLE_CLOSERS = frozenset("”\"")
_ABBREVIATED = frozenset({"Jr", "Sr", "Mrs", "Gen", "Sen", "Rep", "Gov", "Col", "Lt", "Sgt", "Capt"})
_DASH_BEFORE_BLANK = re.compile("[" + "".join(sorted({ch for d in SIGNATURE_DASHES for ch in d})) + r"](?=[ \t\xa0\n]|\Z)")
_LINK = re.compile(r"\s*(?:pic\.twitter\.com|https?://)\S*\s*$")


def _signer(text: str, after: int, line_end: int) -> tuple[int, int, int] | None:
    """(start, end of the name, end with the handle) of a name that is all the line holds after
    the dash (save a handle and a date)."""
    pos = after
    while pos < line_end and text[pos] in _BLANKS:
        pos += 1
    start, words = pos, 0
    name_end = pos
    while words < _MAX_NAME_WORDS:
        m = _NAME.match(text, pos, line_end)
        if m is None:
            break
        words += 1
        name_end = pos = m.end()
        while pos < line_end and text[pos] in _BLANKS:
            pos += 1
    if words == 0:
        return None
    last = text[start:name_end].split()[-1]
    if last.endswith(".") and len(last) > 3 and last[:-1] not in _ABBREVIATED:
        name_end -= 1  # "- Sanders." ends the line; "Jr." keeps its stop
    tail = _TAIL.match(text, name_end, line_end)
    if tail is None:
        return None
    handle = re.match(r"\s*\(@\w+\)", text[name_end:line_end])
    return start, name_end, name_end + handle.end() if handle else name_end


def _previous_paragraph(text: str, line_start: int) -> tuple[int, int] | None:
    end = line_start
    while end > 0 and text[end - 1].isspace():
        end -= 1
    start = text.rfind("\n", 0, end) + 1
    return (start, end) if end > start else None


def _tokens(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    return (span.start, span.end) if span is not None and len(span) else None


def signature_candidates(doc: Doc) -> list[Candidate]:
    """The signed quotations and posts of ``doc``."""
    text = doc_text(doc)
    out: list[Candidate] = []
    # a dash before a blank or the line's end (not a hyphen inside a compound, "Anti-Immigrant
    # Hate"): found in the text, not token by token, which cost a token object per word
    for m in _DASH_BEFORE_BLANK.finditer(text):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is None or len(span) != 1 or span[0].idx + len(span[0].text) != m.end():
            continue
        tok = span[0]
        # the tokenizer keeps a closing mark and a bar together ("”―")
        if tok.text not in SIGNATURE_DASHES and not (
                tok.text[-1] in SIGNATURE_DASHES and all(ch in CLOSERS for ch in tok.text[:-1])):
            continue
        line_start = text.rfind("\n", 0, tok.idx) + 1
        line_end = text.find("\n", tok.idx)
        line_end = len(text) if line_end < 0 else line_end
        after = tok.idx + len(tok.text)
        signer = _signer(text, after, line_end)
        if signer is None:
            continue
        before = (text[line_start:tok.idx] + tok.text[:-1]).strip()
        # signed words: a quotation closing right before the dash, or a post (its author's handle
        # follows the name); a headline's "… – Second Amendment Democrats" is neither
        if before and not (before[-1] in _DOUBLE_CLOSERS or signer[2] > signer[1]):
            continue
        if before:
            words = (line_start, line_start + len(text[line_start:tok.idx].rstrip()))
            link = _LINK.search(text, words[0], words[1])
            content = (words[0], link.start()) if link else words
        else:
            para = _previous_paragraph(text, line_start)
            if para is None or text[para[0]] not in OPENERS:
                continue
            content = para
        content = trim_chars(doc, *content)
        source = _tokens(doc, signer[0], signer[2])
        if source is None or len(text[content[0]:content[1]].split()) < 3:
            continue
        name = _tokens(doc, signer[0], signer[1])
        out.append(Candidate(source, doc[source[1] - 1] if name is None else doc[name[1] - 1],
                             (tok.i, tok.i + 1), SIGNATURE_CUE, content, kind="direct", core=name))
    return out
