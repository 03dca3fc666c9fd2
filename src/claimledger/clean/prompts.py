"""Lines that speak to the reader or credit the staff, not report: general shapes, no page strings.

* a call to action: a short line that opens with an imperative the page addresses to its
  reader (follow, subscribe, click, scroll, listen, get, join, tell us …), with "How to" and one
  of these ("How to listen to the podcast") or with "If you …",
  and that points at the page, a channel or a subscription (this article, here, below, a
  newsletter, a social network, an address);
* a contact line: a short line with an e-mail address, a web address or an @handle and a
  contact verb ("may be reached at", "write to", "follow her on");
* a contributor credit: "X contributed reporting", "Additional reporting by X", "Editing by X";
* a page notice: a short line in which the page speaks of itself ("This article has been sent");
* a kicker label: an upper-case label and colon opening a paragraph ("DEVELOPING: …").
"""

from __future__ import annotations

import re

# verbs a page uses to address its reader in the imperative (the verb class, not page text)
# (words that are as often nouns opening a report — support, claim, call, use, order — are left out)
_CALL_VERBS = (
    "follow|subscribe|sign|register|log|click|tap|scroll|swipe|listen|watch|read|see|get|join|download|install|"
    "share|tweet|write|contact|email|e-mail|visit|tell|send|buy|shop|try|discover|learn|enter|donate|upgrade|unlock|"
    "view|check out"
)
_CALL = re.compile(r"^\s*(?:please\s+|how to\s+|you can\s+(?=view|read|watch|listen|check out))?(?:" + _CALL_VERBS + r")\b(?!\s*(?:ing|ed)\b)", re.I)
_IF_YOU = re.compile(r"^\s*if\s+you\b", re.I)
# what a call to action points at: the page itself, a channel, a subscription
_TO_PAGE = re.compile(r"\b((this|our|the) (article|story|site|page|newsletter|journalism|reporting|coverage|app|"
                      r"podcast|channel)|here|below|newsletters?|podcasts?|subscri\w+|members(hip)?|videos?|photos|pictures|"
                      r"gallery|instagram|with (?:a|your) friends?|"
                      r"facebook|twitter|youtube|telegram|whatsapp|tiktok)\b", re.I)
_PERSONS = re.compile(r"\b(you|your|yours|we|us|our)\b", re.I)
_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+|https?://\S+|\bwww\.\S+|(?<!\w)@\w{2,}|\b\d{3}[-.]\d{3}[-.]\d{4}\b")
_CONTACT = re.compile(r"\b(reach|reached|write to|contact|follow|email|e-mail|visit|call)\b", re.I)
# a line that is a label and links ("More AP NBA: https://… and https://…")
_LINK_LINE = re.compile(r"^[^.!?]{0,40}:\s*(?:(?:and|,|&)?\s*(?:https?://\S+|www\.\S+|@\w{2,})\s*)+$")
_CREDIT = re.compile(
    r"\bcontributed (?:\w+ )?(?:reporting|to (?:this|the) (?:report|story|article))\b|"
    r"^\s*\(?(?:additional |further )?(?:reporting|writing|editing|research) (?:by|from)\b|"
    r"^\s*(?:this (?:article|story) was )?(?:originally|first) (?:published|appeared) (?:on|in|at|by)\b",
    re.I,
)
_KICKER = re.compile(r"^\s*([A-Z][A-Z'’-]{2,}(?: [A-Z][A-Z'’-]+){0,2}):\s+(?=\S)")
_QUOTED = re.compile(r"^\s*[\"“‘']")
_PLEASE = re.compile(r"\bplease\b", re.I)
# the reader asked to answer the page itself: "Tell us what you think", "Let us know"
_ASK_US = re.compile(r"^\s*(?:tell us|let us know|get in touch|write to us|contact us|send us)\b", re.I)
# the page speaking of itself: "This article has been sent", "… orders placed through this article"
_THIS_PAGE = re.compile(r"\bthis (?:article|page|post|copy|site|website)\b", re.I)


def reader_prompt(text: str) -> str | None:
    """Why ``text`` is addressed to the reader or credits the staff, or ``None``."""
    words = len(text.split())
    persons = len(_PERSONS.findall(text))
    # a longer paragraph still counts when it keeps talking to the reader ("If you enjoyed … our …")
    if (words > 45 and not (words <= 90 and persons >= 3)) or _QUOTED.match(text):
        return None
    if _ASK_US.match(text) or ((_CALL.match(text) or _IF_YOU.match(text))
                                and (_TO_PAGE.search(text) or _ADDRESS.search(text))):
        return "call to action"
    if words <= 30 and _THIS_PAGE.search(text):
        return "page notice"
    if _ADDRESS.search(text) and ((words <= 30 and _CONTACT.search(text)) or persons >= 1):
        return "contact line"
    if _LINK_LINE.match(text):
        return "link line"
    if _CREDIT.search(text):
        return "contributor credit"
    if words <= 15 and _PLEASE.search(text) and not re.search(r"[\"“”]", text):
        return "page prompt"  # "An error has occurred, please try again later"
    return None


def kicker_label(text: str) -> int:
    """Length of an upper-case label opening a paragraph ("DEVELOPING: "), or 0."""
    match = _KICKER.match(text)
    return match.end() if match else 0
