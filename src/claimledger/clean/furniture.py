"""Page furniture: text that belongs to the page, not to the reporting.

Each rule is a general pattern of how news sites dress a page (consent and sign-up
notices, teaser links, share/newsletter prompts, source credits, comment-form
prompts, code left by the page's scripts), never a string copied from one page.  ``furniture_reason`` returns the
name of the first rule that fires, or ``None``.
"""

from __future__ import annotations

import re

from claimledger.clean.code import code_reason
from claimledger.clean.dates import parse_dateline, stamp_in_text
from claimledger.clean.lines import is_headline_like
from claimledger.clean.prompts import reader_prompt

# A teaser link: a headline-like line tagged by the site ("... [INSIGHT]", "READ MORE: ...").
_TEASER_TAG = re.compile(r"\[\s*[A-Z][A-Z &'-]{2,24}\s*\]\s*$|\[\s*(video|photos?|gallery|watch|listen|podcast)\s*\]\s*$", re.I)
_TEASER_PREFIX = re.compile(
    r"^\s*(read more|more|related|see also|also read|read also|watch|listen|latest|"
    r"most read|recommended|trending|top stories|don't miss|do not miss|pictured|"
    # the same label in the languages of other news sites ("Leggi anche su:", "Lesen Sie auch:")
    r"leggi anche( su)?|(à )?lire aussi|lesen sie auch|mehr zum thema|leia também|veja também|"
    r"lea también|ver también|lees ook)\s*[:|»>-]",
    re.I,
)
_TEASER_BARE = re.compile(r"^\s*(read|see|watch) more\b|^\s*also (on|at) [\w-]+\.[a-z]{2,}\b", re.I)
# A picture caption in tabloid style: "Destroyed: A Russian tank near Kyiv" (no closing full stop).
_CAPTION = re.compile(r"^\s*[A-Z][A-Za-z'’-]{2,20}( [A-Za-z'’-]+)?:\s+\S.*[^.!?:”\"]\s*$")
# Labels that open reporting in live blogs, not captions.
CONTENT_LABELS = frozenset(
    "update updated breaking latest analysis explained live summary recap timeline key points "
    "what we know background context correction clarification editor's note".split()
) | {"key points", "what we know", "editor's note"}
# Source credits and "read the full article" links left by aggregators and scrapers.
_CREDIT = re.compile(
    r"^\s*(source|sources|via|image|images|photo|photos|picture|pictures|credit|credits|"
    r"copyright|©)\s*[:©]|^\s*©|"
    r"\bread (the )?full (article|story)\b|^\s*(click|tap) here\b|^\s*continue reading\b",
    re.I,
)
# Prompts of share bars, newsletter boxes and comment forms.
_PROMPT = re.compile(
    r"^\s*(share( this( article| story)?)?|tweet|email|print|follow( us)?( on)?|"
    r"(sign up|subscribe)( (to|for) [\w' ]{0,40})?|advertisement|sponsored( content)?|"
    r"(enter|add|post|leave|write|submit) (your |a )?(comments?|reply)( here)?|"
    r"comments? (are|is) closed|(show|load|view) (more|all) (comments|replies)|"
    r"sign in to (comment|reply)|join the (conversation|discussion)|"
    r"(\d+\s+)?comments?|reply|report( abuse)?|like|liked)\s*[:.!]?\s*$",
    re.I,
)
# Consent and sign-up notices: several of these cues in one short paragraph.
_CONSENT_CUES = re.compile(
    r"\b(sign-?up|subscri(be|bed|ption)|unsubscribe|newsletter|cookies?|consent(ed)?|"
    r"privacy (policy|notice)|terms (and|&) conditions|advert(s|ising|isements?)|"
    r"3rd parties|third parties|opt[- ]out|more info|personal data|inbox)\b",
    re.I,
)
_SECOND_PERSON = re.compile(r"\b(you|your|you've|you're)\b", re.I)


# a picture or video file name left in the text ("PAY-Soldiers-near-Kyiv-1234567.jpg")
_FILE_NAME = re.compile(r"\S+\.(?:jpe?g|png|gif|webp|svg|tiff?|bmp|mp4|mov|webm)\b", re.I)
# a teaser card a scraper flattened: a story title, two or more spaces, its summary
_CARD = re.compile(r"^(?P<title>[^.!?\n]{10,140}?)[ \t]{2,}(?P<summary>[A-Z\"“].{20,})$")
_STAMP_START = re.compile(r"^\s*(first |last )?(published|updated|posted)\b", re.I)
# a heading over a block of links to other stories ("You may also like...", "More stories")
_RELATED_HEADING = re.compile(
    r"^\s*(you (may|might|will) (also )?(like|enjoy|be interested in)|(more|related|recommended|popular|"
    r"trending|top) (stories|articles|posts|videos|news|reads|coverage|content|links)|recommended for you|"
    r"most (read|popular|viewed|shared|watched)( (in|on) [\w&' -]{1,30})?)\b[\s.…:!]*$", re.I)
# a note about the comment section: "we are temporarily moderating all comments"
_COMMENT_NOTICE = re.compile(r"\bcomments\b.*\b(moderat\w*|spam|guidelines|policy|approv\w*)\b|"
                             r"\bmoderat\w*\b.*\bcomments\b", re.I)
_FIRST_PERSONS = re.compile(r"\b(we|our|us)\b", re.I)
# a site's legal footer: its address, registration number and phone in one line of short parts
_PHONE = re.compile(r"\b(fone|phone|tel|telefon[eo]?|tél)\b\.?\s*:?|\(\d{2,4}\)\s*\d{3,4}", re.I)
# a slideshow's counter or controls: "Image 1 of 8", "1 / 8", "1of/8"
_GALLERY = re.compile(r"^\s*((image|photo|picture|slide|foto)s?\s*)?\d{1,3}\s*(of|/|of\s*/)\s*\d{1,3}\s*$", re.I)
# a newsletter box: a short paragraph to the reader about an inbox, a newsletter or a subscription
_NEWSLETTER = re.compile(r"\b(inbox|newsletters?|subscription|signing up|signed up)\b", re.I)


def _tag_list(text: str) -> bool:
    """A list of keywords or tags: five or more short comma-separated items, mostly lower-case,
    no sentence punctuation ("stock car 2018, stock car brasil, …")."""
    items = [i.strip() for i in text.split(",") if i.strip()]
    if len(items) < 5 or re.search(r"[.!?;:]\s", text + " ") or any(len(i.split()) > 6 for i in items):
        return False
    return sum(i[0].islower() or i[0].isdigit() for i in items) * 2 > len(items)


def _all_caps(text: str) -> bool:
    """Every cased letter upper-case, and enough of them to be words ("CO-FOUNDER 'PROUD' OF …")."""
    letters = [c for c in text if c.isalpha() and (c.isupper() or c.islower())]
    return len(letters) >= 12 and all(c.isupper() for c in letters)


def furniture_reason(text: str) -> str | None:
    """Why a line or paragraph is page furniture, or ``None`` if it is not."""
    stripped = text.strip()
    if not stripped:
        return None
    code = code_reason(stripped)
    if code:
        return code
    words = len(stripped.split())
    unbulleted = re.sub(r"^[-–•·▪*]\s+", "", stripped)  # "- Published 18 November 2019"
    if words <= 20 and (parse_dateline(unbulleted) or (_STAMP_START.match(unbulleted) and stamp_in_text(unbulleted))):
        return "dateline"
    if 7 <= words <= 25 and _all_caps(stripped) and stripped[-1] not in ".!?":
        return "upper-case teaser"
    parts = re.split(r"\s+[-|•]\s+", stripped)
    if len(parts) >= 4 and all(len(p.split()) <= 6 for p in parts) and _PHONE.search(stripped):
        return "legal footer"
    if _GALLERY.match(stripped):
        return "gallery counter"
    if words <= 25 and _SECOND_PERSON.search(stripped) and _NEWSLETTER.search(stripped):
        return "newsletter promotion"
    if words <= 8 and _RELATED_HEADING.match(stripped):
        return "related links"
    if words <= 40 and _FIRST_PERSONS.search(stripped) and _COMMENT_NOTICE.search(stripped):
        return "comment notice"
    if _tag_list(stripped):
        return "tag list"
    if _TEASER_TAG.search(stripped) and words <= 30:
        return "teaser link"
    if _TEASER_PREFIX.match(stripped) and words <= 30:
        return "teaser link"
    if _TEASER_BARE.match(stripped) and words <= 30:
        return "teaser link"
    if _CREDIT.search(stripped) and words <= 15:
        return "source credit"
    label = stripped.split(":")[0].strip().lower()
    if _CAPTION.match(stripped) and words <= 40 and not stripped.split(":")[0].isupper() \
            and label not in CONTENT_LABELS:
        return "caption"
    if _PROMPT.match(stripped):
        return "page prompt"
    if words <= 8 and _FILE_NAME.search(stripped):
        return "file name"
    card = _CARD.match(stripped)
    if card and words <= 90 and is_headline_like(card.group("title")):
        return "teaser card"
    prompt = reader_prompt(stripped)
    if prompt:
        return prompt
    if words <= 90 and _SECOND_PERSON.search(stripped):
        cues = {m.group(0).lower() for m in _CONSENT_CUES.finditer(stripped)}
        if len(cues) >= 2:
            return "consent or sign-up notice"
    return None


# the heading of a comment section: "Comments", "12 Comments", "Top Rated Comments", "Reader comments (4)"
_COMMENT_HEADING = re.compile(
    r"^\s*(\d+\s+)?((top|most|best|highest|latest|recent|newest|featured|selected|popular|reader|readers['’]?|"
    r"user|rated|liked|voted)\s+){0,3}comments?\s*(\(\d+\))?\s*:?\s*$",
    re.I,
)
_COMMENT_PROMPT = re.compile(
    r"^\s*((enter|add|post|leave|write|submit) (your |a )?comments?|comments? (are|is) closed|"
    r"join the (conversation|discussion)|have your say)",
    re.I,
)


def is_comment_prompt(text: str) -> bool:
    """A line that opens or closes a comments section ("Comments", "Enter comments here:")."""
    return bool(_COMMENT_PROMPT.match(text.strip()) or _COMMENT_HEADING.match(text))


def is_comment_heading(text: str) -> bool:
    """The heading of a section of reader comments ("Comments", "Top Rated Comments")."""
    return bool(_COMMENT_HEADING.match(text))
