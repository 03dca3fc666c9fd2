"""The core records of the ledger (names are the contract; fields may grow).

Every record that points into a document keeps ``start``/``end`` character offsets
into ``Document.text`` (the stored original text), so the exact words behind it can
always be shown.  Records are plain dataclasses: the analysis stage produces them,
the store persists them, the API and exports serialise them with ``to_dict``.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields, is_dataclass, replace
from typing import TYPE_CHECKING, Any, Literal, cast, get_args

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

# Shared vocabularies: one definition, one ordering, used by every stage.
Certainty = Literal["asserted", "reported", "hedged", "contested", "denied"]
CERTAINTY_ORDER: tuple[str, ...] = get_args(Certainty)  # most to least sure

SegmentKind = Literal["headline", "byline", "dateline", "entry_headline", "standfirst", "subheading", "body",
                      "quote", "caption", "furniture", "comment"]
SEGMENT_KINDS: tuple[str, ...] = get_args(SegmentKind)
# Groups of segment kinds, each meaning one thing wherever it is used.
HEADLINE_KINDS = frozenset({"headline", "entry_headline"})  # a page's or a live-blog entry's headline
# the reporting the analysis reads for claims, figures and conflicts: headlines, paragraphs, quotes
REPORTING_KINDS = frozenset({*HEADLINE_KINDS, "body", "quote"})
BODY_KINDS = frozenset({"body", "quote", "standfirst", "subheading"})  # the article's text below its headline
ARTICLE_KINDS = HEADLINE_KINDS | BODY_KINDS  # the article as a reader sees it
CREDIT_KINDS = frozenset({"byline", "dateline"})  # who wrote it, where and when: not reporting
OUTSIDE_ARTICLE_KINDS = frozenset({"furniture", "comment"})  # page furniture and readers' comments

# What a figure counts; definitions in ../shared/data/incidents_dev/SOURCE.md.
Measure = Literal["killed", "wounded", "killed_or_wounded", "captured", "missing", "abducted", "hostages",
                  "displaced", "fighters_lost", "arrested", "equipment", "other"]
MEASURES: tuple[str, ...] = get_args(Measure)
# The old ``category`` values mapped onto measures (ledgers written before measures existed).
LEGACY_CATEGORY_MEASURE = {"casualties": "killed_or_wounded", "dead": "killed"}
# The coarse ``category`` (the ledger's --category filter) of each measure, so the two never disagree.
MEASURE_CATEGORY = {"killed": "killed", "wounded": "wounded", "killed_or_wounded": "casualties",
                    "fighters_lost": "casualties", "captured": "captured", "abducted": "captured",
                    "hostages": "captured", "arrested": "captured", "missing": "missing",
                    "equipment": "equipment", "displaced": "other", "other": "other"}

# A figure's time scope: one incident, one day, since a date, year to date, the war to date.
TimeScope = Literal["incident", "day", "period", "since", "year_to_date", "war_to_date"]
TIME_SCOPES: tuple[str, ...] = get_args(TimeScope)

Polarity = Literal["asserted", "negated"]  # "didn't kill 100": a bound, not a count

# Incident kinds (UCDP-style) and event types (a small subset aligned with ACLED/PLOVER).
IncidentKind = Literal["single_event", "campaign", "cumulative"]
EventType = Literal["attack", "bombing", "airstrike", "shelling", "battle", "execution", "abduction",
                    "arrest", "massacre", "chemical_attack", "mass_grave", "disappearance", "release",
                    "seizure", "other"]


class Record:
    """Mixin: JSON-ready dict of a record."""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = _plain(cast("DataclassInstance", self))  # every Record subclass is a dataclass
        return out


_LEAVES = frozenset({str, int, float, bool, type(None)})
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _plain(value: Any) -> Any:
    """What ``dataclasses.asdict`` makes of ``value`` (the same dict), without its deep copy of every
    string and number: a listing of claims spent a third of its time in that copy."""
    kind = type(value)
    if kind in _LEAVES:
        return value
    if kind is list:
        return [_plain(v) for v in value]
    if kind is dict:
        return {_plain(k): _plain(v) for k, v in value.items()}
    names = _FIELD_NAMES.get(kind)
    if names is None and is_dataclass(kind):
        names = _FIELD_NAMES.setdefault(kind, tuple(f.name for f in fields(kind)))
    if names is not None:
        return {name: _plain(getattr(value, name)) for name in names}
    return asdict(_Boxed(value))["value"]  # anything else (tuples, sets, other objects) as asdict has it


@dataclass
class _Boxed:
    value: Any


MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
UNDATED = "undated"
_ISO_DATE = re.compile(r"^(\d{4}|XXXX)(?:-(\d{2})(?:-(\d{2}))?)?")


def readable_date(value: str | None) -> str:
    """An ISO date, whole or partial, as a reader writes it: "2023-03-07" → "7 Mar 2023",
    "XXXX-03-07" → "7 Mar", "2023-03" → "Mar 2023"; no date → "undated"; anything else as given."""
    if not value:
        return UNDATED
    m = _ISO_DATE.match(value)
    if m is None:
        return value
    year, month, day = m.groups()
    if not month or not 1 <= int(month) <= 12:
        return year if year != "XXXX" else UNDATED
    parts = [str(int(day))] if day and day != "XX" else []
    parts.append(MONTH_NAMES[int(month) - 1])
    if year != "XXXX":
        parts.append(year)
    return " ".join(parts)


def readable_period(begin: str | None, until: str | None) -> str:
    """A date interval as a reader writes it: a whole year ("2014-01-01" – "2014-12-31") is
    "2014", a whole month "Mar 2014" (or "Mar" when the year is unknown); a span from a year or
    a month into a later one ("since 2009", told in 2014) is "2009 – 2014" / "Mar – Oct 2014",
    and with no end "since 2009" — never the "1 Jan 2009" its first day would suggest; else the
    first day."""
    if begin and until and len(begin) == len(until) == 10 and begin[:4] == until[:4]:
        if begin[5:] == "01-01" and until[5:] == "12-31":
            return begin[:4] if begin[:4] != "XXXX" else readable_date(begin)
        last = {"02": ("28", "29")}.get(begin[5:7], ("30", "31"))
        if begin[5:7] == until[5:7] and begin[8:] == "01" and until[8:] in last:
            return readable_date(begin[:7])
    if begin and until is None and len(begin) == 10 and "X" not in begin and begin[8:] == "01":
        # an open span ("since 2009" in an undated report): its first day was never stated
        return "since " + (begin[:4] if begin[5:] == "01-01" else readable_date(begin[:7]))
    if begin and until and len(begin) == len(until) == 10 and "X" not in begin + until and until > begin:
        if begin[5:] == "01-01" and until[:4] > begin[:4]:
            return f"{begin[:4]} – {until[:4]}"
        if begin[8:] == "01" and until[:7] > begin[:7]:
            start = readable_date(begin[:7])
            end = readable_date(until[:7])
            return f"{start.split()[0] if begin[:4] == until[:4] else start} – {end}"
    return readable_date(begin)


@dataclass
class PartialDate(Record):
    """A date whose parts may be unknown: ``Mar 7`` is (None, 3, 7), never invented."""

    year: int | None = None
    month: int | None = None
    day: int | None = None

    def iso(self) -> str | None:
        """ISO 8601 with unknown parts written as ``--`` / ``XXXX`` (EDTF-like)."""
        if self.year is None and self.month is None:
            return None
        y = f"{self.year:04d}" if self.year is not None else "XXXX"
        if self.month is None:
            return y
        m = f"{self.month:02d}"
        if self.day is None:
            return f"{y}-{m}"
        return f"{y}-{m}-{self.day:02d}"

    @classmethod
    def from_iso(cls, value: str | None) -> "PartialDate | None":
        if not value:
            return None
        parts = value.split("-")
        nums = [None if (p.startswith("X") or not p) else int(p) for p in parts]
        while len(nums) < 3:
            nums.append(None)
        return cls(nums[0], nums[1], nums[2])


@dataclass
class Document(Record):
    id: str  # content hash of the normalised text
    text: str  # the original text every span points into
    kind: str = "article"  # article | liveblog
    title: str | None = None
    byline: str | None = None
    published: str | None = None  # PartialDate.iso(): "XXXX-03-07" when the year is unknown
    url: str | None = None
    outlet: str | None = None
    language: str = "en"
    source: str | None = None  # where it was ingested from (path, URL, path#line)
    content_type: str = "text"  # text | html (what the original input was)
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class Segment(Record):
    kind: str  # headline | byline | dateline | entry_headline | body | quote | furniture | comment
    order: int  # position in the document, 0-based
    start: int
    end: int
    parent: int | None = None  # order of the parent segment (entry of a body paragraph, comment of a reply)
    entry: int | None = None  # live-blog entry number the segment belongs to (0-based)
    meta: dict[str, Any] = field(default_factory=dict)  # furniture reason, comment number/author, ...


@dataclass
class Mention(Record):
    start: int
    end: int
    text: str
    label: str  # PERSON, ORG, UNIT, GPE, LOC, WEAPON, NORP, DATE, ...
    norm: str  # one normalised name per entity within a document
    entity_id: str | None = None
    attrs: dict[str, Any] = field(default_factory=dict)  # role/rank; geonames_id, lat, lon, country


@dataclass
class Quantity(Record):
    start: int
    end: int
    text: str
    value: float | None = None
    low: float | None = None
    high: float | None = None
    modifier: str = "exact"  # approx | over | under | at_least | up_to | almost | exact | range
    counted: str | None = None  # "tanks and armoured fighting vehicles"
    counted_start: int | None = None
    counted_end: int | None = None
    category: str = "other"  # legacy coarse class; ``measure`` is the vocabulary to use
    rate_unit: str | None = None  # "day" for "per day"
    side: str | None = None  # "Russian" when stated
    flags: list[str] = field(default_factory=list)  # e.g. ["malformed"]
    unit: str | None = None  # "%", "USD", "km": percentages, money and measures (category other)
    attrs: dict[str, Any] = field(default_factory=dict)  # relations, e.g. part_of {text,start,end,value}
    # What the figure counts, for incidents and conflicts (see Measure, TimeScope, Polarity).
    measure: str = "other"  # a Measure
    population: str | None = None  # who is counted: civilians | troops | militants | police | students | ...
    scope: str = "incident"  # a TimeScope
    since: str | None = None  # ISO (partial) date a cumulative toll counts from ("since 24 February")
    as_of: str | None = None  # ISO (partial) date the figure is stated for, when the text gives one
    polarity: str = "asserted"  # a Polarity; negated figures are bounds


@dataclass
class SourceRef(Record):
    """Who says it: a span in the text (or, for the publishing outlet, none)."""

    text: str
    start: int | None = None
    end: int | None = None
    kind: str = "person"  # person | group | organisation | outlet | unknown
    # a pronoun or short form ("He", "the ministry") resolved to an earlier, fuller source
    resolved: str | None = None
    resolved_start: int | None = None
    resolved_end: int | None = None

    @property
    def name(self) -> str:
        """The fullest name known for the source ("Mr Tsimbalyuk" for "He")."""
        return self.resolved or self.text


@dataclass
class Attribution(Record):
    source: SourceRef
    cue: str
    cue_start: int
    cue_end: int
    content_start: int
    content_end: int
    kind: str = "indirect"  # direct | indirect | mixed
    via: list[SourceRef] = field(default_factory=list)  # intermediaries, nearest first
    mode: str = "speech"  # speech | writing | cognition | intent: what the cue reports


@dataclass
class TimeExpr(Record):
    start: int
    end: int
    text: str
    begin: str | None = None  # ISO date (partial allowed) of the interval start
    until: str | None = None  # ISO date of the interval end
    precision: str = "unknown"  # day | week | month | year | interval | unknown
    kind: str = "date"  # date | duration | relative
    duration: str | None = None  # ISO 8601 duration of a length of time: "P3W" for "three-week"
    modifier: str | None = None  # "under", "over", "approx" for "less than four weeks"
    anchor: str | None = None  # what it was resolved against: "published" or a conflict anchor name


@dataclass
class Cue(Record):
    """What set a claim's certainty: a word or phrase ("reportedly", "denied"), or the hedge model.

    JSON: ``{text, start, end, kind}``, plus ``score`` (model cues) and ``refers_back`` (a
    contest cue in a later sentence) only when set, as ledgers have always stored it.
    """

    text: str
    start: int | None  # None for the hedge model's cue: it has no span
    end: int | None
    kind: str  # hedge | report | denial | contest | model | ...
    score: float | None = None  # the hedge model's probability
    refers_back: bool = False  # a later sentence contests this claim ("a claim Kyiv denied")

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text, "start": self.start, "end": self.end, "kind": self.kind}
        if self.score is not None:
            out["score"] = self.score
        if self.refers_back:
            out["refers_back"] = True
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Cue:
        """A cue as stored (missing keys of old or hand-written records default)."""
        return cls(text=str(data.get("text") or ""), start=data.get("start"), end=data.get("end"),
                   kind=str(data.get("kind") or ""), score=data.get("score"),
                   refers_back=bool(data.get("refers_back", False)))

    def shifted(self, by: int) -> Cue:
        """The same cue with its offsets moved ``by`` characters (a unit's offsets → the document's)."""
        return replace(self, start=None if self.start is None else self.start + by,
                       end=None if self.end is None else self.end + by)


@dataclass
class Claim(Record):
    start: int
    end: int
    text: str
    segment: int | None = None  # order of the segment it lies in
    certainty: str = "asserted"  # asserted | hedged | reported | denied | contested
    cues: list[Cue] = field(default_factory=list)
    attribution: int | None = None  # index into the document's attributions
    quantities: list[int] = field(default_factory=list)  # indexes into the document's quantities
    mentions: list[int] = field(default_factory=list)  # indexes into the document's mentions
    times: list[int] = field(default_factory=list)
    places: list[int] = field(default_factory=list)  # indexes of mentions that are geocoded places
    checkworthiness: float | None = None
    scores: dict[str, Any] = field(default_factory=dict)  # hedge probability, stance, ...

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "cues": [cue.to_dict() for cue in self.cues]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Claim:
        """A claim as stored in JSON (its cues back to ``Cue`` records)."""
        return cls(**{**data, "cues": [Cue.from_dict(c) for c in data.get("cues") or []]})


@dataclass
class Analysis(Record):
    """Everything the analyze stage found in one document."""

    mentions: list[Mention] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    assessments: dict[str, Any] = field(default_factory=dict)  # document-level scores

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "claims": [claim.to_dict() for claim in self.claims]}


@dataclass
class Cleaned(Record):
    """What the clean stage makes of one input: the document and its segments."""

    document: Document
    segments: list[Segment] = field(default_factory=list)
