"""One person across documents: the names a ledger uses for the same person, merged with the reason kept.

``merge_people(names)`` takes every PERSON name of a ledger (after the per-document rule of
``store.people``: within one document "Putin" is already "Vladimir Putin" when both occur) with
how many documents use it, and says which names are one person:

* **spelling**: the same words once titles, accents, case and transliteration habits are set
  aside ("President Vladimir Putin", "Vladimir Putin"; "Volodymyr Zelenskyy", "Volodymyr
  Zelensky", "Wolodymyr Zelenskiy"); two full names with the same first name and a
  near-identical surname ("Yevgeny Prigozhin" / "Yevgeny Prighozin": Jaro-Winkler at least
  ``SIMILAR``) are one too.  A surname spelt from another first letter ("Selenskyj") is not;
* **surname**: a one-word name (titles dropped: "Putin", "President Putin") that is the surname
  of one person named in full elsewhere, or of one person named far more often than any other
  of that surname (``DOMINANT`` times the documents);
* one-word names with the same folded spelling ("Zelensky", "Zelenskyy") are one person.

Each merged person is named by its full-name spelling used in most documents (a title
before it only breaks ties).  Deterministic: the same names give the same merge in every run.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from rapidfuzz.distance import JaroWinkler

TITLES = frozenset("mr mrs ms miss dr prof sir lord lady dame president vice prime pm gen general col colonel lt "
                   "lieutenant maj major capt captain sgt sergeant cpl corporal pte private adm admiral minister "
                   "commander chief spokesman spokeswoman governor gov mayor senator sen rep representative "
                   "judge justice king queen prince princess pope father rev reverend sheikh st saint "
                   "secretary ambassador chancellor premier marshal deputy former late trustee chairman chairwoman "
                   "director ceo coach head leader".split())
_NOT_ALNUM = re.compile(r"[\W_]+")
_PARTICLES = frozenset("de da del van von der al bin ibn".split())  # lower-case words inside a name
# An Arabic article joined to a surname ("al-Baghdadi", "el-Sisi", "Al-Bredi"): not part of what is compared
ARTICLE_PREFIX = re.compile(r"^(?:al|el|ad|an|ar|as|ash|at|az|ul)[-‐‑](?=\w)", re.I)
SIMILAR = 0.93  # Jaro-Winkler of two surnames, same first name: transliterations, not two people
DOMINANT = 3  # a bare surname goes to the person of that surname with this many times the documents of the next
_FOLDS = ((re.compile(r"(?<=[aeiou])j(?=[aeiou])"), "y"), (re.compile(r"^j(?=[aeiou])"), "y"),
          (re.compile(r"(?:iy|yy|ij|yj|ii|yi)$"), "y"), (re.compile(r"kh"), "h"), (re.compile(r"ck"), "k"),
          (re.compile(r"^w"), "v"), (re.compile(r"sch"), "sh"), (re.compile(r"(.)\1"), r"\1"),
          (re.compile(r"ou"), "u"))


def name_words(name: str) -> list[str]:
    """The name's words without titles, descriptions, possessive or initials' dots
    ("President Putin's" -> ["Putin"]; "defensive tackle Jamal Williams, 31" -> ["Jamal", "Williams"])."""
    name = re.sub(r"['\u2019]s?$", "", name.strip())
    parts = [p for p in (_capitalised_run(part) for part in name.split(",")) if p]
    words = next((p for p in parts if not is_title(p[-1])), parts[0] if parts else [])
    while len(words) > 1 and is_title(words[0]):
        words = words[1:]
    return words


def is_title(word: str) -> bool:
    """A title or rank before a name, also as "President-elect" or "ex-President"."""
    return word.casefold().removesuffix("-elect").removeprefix("ex-") in TITLES


def _capitalised_run(text: str) -> list[str]:
    """The last run of capitalised words (or initials) of a text: the name after a description."""
    runs: list[list[str]] = [[]]
    for word in (w for w in re.split(r"[\s.]+", text) if w):
        if word[:1].isupper() or (runs[-1] and (word in _PARTICLES or ARTICLE_PREFIX.match(word))):
            runs[-1].append(word)
        elif runs[-1]:
            runs.append([])
    return next((r for r in reversed(runs) if r), [])


@functools.lru_cache(maxsize=65536)  # a ledger's names share their words: fold each once
def fold(word: str) -> str:
    """A word with case, accents, hyphens and common transliteration differences set aside."""
    text = _NOT_ALNUM.sub("", unicodedata.normalize("NFKD", ARTICLE_PREFIX.sub("", word).casefold()))
    for pattern, repl in _FOLDS:
        text = pattern.sub(repl, text)
    return text


def name_key(name: str) -> tuple[str, ...]:
    """The folded words of a name, titles dropped: two names with one key are one spelling."""
    return tuple(f for f in map(fold, name_words(name)) if f)


@dataclass
class Person:
    """One merged person: its display name and every name merged into it, with the reason."""

    name: str
    names: dict[str, str] = field(default_factory=dict)  # name -> rule ("name", "spelling", "surname")


def merge_people(names: dict[str, int]) -> dict[str, Person]:
    """Every name (with its document count) -> the person it names; names merged share one Person."""
    keys = {n: key for n in names if (key := name_key(n))}
    full: dict[tuple[str, ...], list[str]] = {}
    by_first: dict[str, list[tuple[str, ...]]] = {}  # first name -> full-name keys: compare only these
    for n, key in sorted(keys.items(), key=lambda kv: (-names[kv[0]], kv[0])):  # most used spellings lead
        if len(key) > 1:
            full.setdefault(_full_key(key, by_first), []).append(n)
    people = {key: _person(group, names) for key, group in sorted(full.items())}
    out = {n: p for p in people.values() for n in p.names}
    docs = {key: sum(names[n] for n in people[key].names) for key in people}
    surnames: dict[str, set[tuple[str, ...]]] = {}  # every spelling of a full name's surname -> its people
    for key, group in full.items():
        for n in group:
            surnames.setdefault(keys[n][-1], set()).add(key)
    singles: dict[str, list[str]] = {}
    for n, key in sorted(keys.items()):
        if len(key) == 1:
            singles.setdefault(key[0], []).append(n)
    for word, group in sorted(singles.items()):
        owner = _surname_owner(sorted(surnames.get(word, ())), docs)
        if owner is not None:
            for n in group:
                people[owner].names[n] = "surname"
                out[n] = people[owner]
        else:
            person = _person(group, names)
            out.update({n: person for n in group})
    for n in names:
        out.setdefault(n, Person(n, {n: "name"}))
    return out


def _full_key(key: tuple[str, ...], by_first: dict[str, list[tuple[str, ...]]]) -> tuple[str, ...]:
    """The key of an earlier full name (same first name) this one is a spelling of, else its own key."""
    seen = by_first.setdefault(key[0], [])
    if key in seen:
        return key
    for other in seen:
        if len(key[-1]) > 3 and JaroWinkler.similarity(other[-1], key[-1]) >= SIMILAR:
            return other
    seen.append(key)
    return key


def _surname_owner(owners: list[tuple[str, ...]], docs: dict[tuple[str, ...], int]) -> tuple[str, ...] | None:
    """The one person (full-name key) of a surname, or the dominant one of several."""
    ranked = sorted((docs[key], key) for key in owners)
    if not ranked:
        return None
    if len(ranked) == 1 or ranked[-1][0] >= DOMINANT * ranked[-2][0]:
        return ranked[-1][1]
    return None


def _person(group: list[str], names: dict[str, int]) -> Person:
    """A person of several spellings, named by its most used spelling (then one without a title, the longest)."""
    best = sorted(group, key=lambda n: (-names[n], is_title(n.split()[0]), -len(n), n))[0]
    return Person(best, {n: ("name" if n == best else "spelling") for n in group})
