"""Every kind of bad input: one clear error naming the input, the rest of the batch goes on."""

from __future__ import annotations

import http.server
import json
import threading

import pytest

from claimledger.demo import sample_path
from claimledger.ingest import ingest
from claimledger.store import Ledger


@pytest.fixture
def ledger(tmp_path):
    return Ledger(tmp_path / "ledger.db")


def run(paths, ledger, **kw):
    return ingest([str(p) for p in paths], ledger, analyze=False, **kw)


def reasons(report):
    return {f.source: f.reason for f in report.failures}


def test_each_bad_input_fails_alone_and_the_batch_goes_on(tmp_path, ledger):
    good = sample_path("express")
    run([sample_path("telegraph")], ledger)
    before = ledger.documents()

    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"  \n\n")
    binary = tmp_path / "image.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    bad_declared = tmp_path / "latin.html"
    bad_declared.write_bytes(b'<html><head><meta charset="utf-8"></head><body><p>Kyiv \xff\xfe said</p></body></html>')
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"Russian forces advanced. " * (50 * 1024 * 1024 // 25 + 1))
    broken_html = tmp_path / "broken.html"
    broken_html.write_text("<html><body><div><script>var x = 1;</script><p></div></html", encoding="utf-8")
    jsonl = tmp_path / "dump.jsonl"
    jsonl.write_text(
        json.dumps({"text": "Kharkiv was shelled overnight, the governor said.\n", "url": "https://a.example/1"}) + "\n"
        + '{"text": "broken line\n'
        + json.dumps({"html": "<html><body><article><p>Drones hit Odesa port overnight, the navy said on Monday in a long statement.</p></article></body></html>"}) + "\n",
        encoding="utf-8",
    )
    missing = tmp_path / "nope.txt"

    report = run([empty, binary, bad_declared, huge, broken_html, jsonl, missing, good], ledger)
    why = reasons(report)
    assert "empty" in why[str(empty)]
    assert "binary" in why[str(binary)]
    assert "declared encoding utf-8" in why[str(bad_declared)]
    assert "too large" in why[str(huge)] and "50.0 MiB" in why[str(huge)]
    assert "no main text" in why[str(broken_html)]
    assert "invalid JSON" in why[f"{jsonl}:2"]
    assert "no such file" in why[str(missing)]
    assert len(report.failures) == 7
    assert len(report.added) == 3  # two good JSONL lines and the Express page
    after = {d["id"]: d for d in ledger.documents()}
    for doc in before:  # nothing already stored changed
        assert after[doc["id"]] == doc
    assert ledger.document(before[0]["id"]).text == sample_path("telegraph").read_text(encoding="utf-8")


def test_reingest_is_idempotent(tmp_path, ledger):
    folder = tmp_path / "pages"
    folder.mkdir()
    for path in (sample_path("telegraph"), sample_path("express")):
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "copy.txt").write_bytes(sample_path("express").read_bytes().replace(b"\n", b"\r\n"))
    first = run([folder], ledger)
    assert (len(first.added), len(first.duplicates), len(first.failures)) == (2, 1, 0)
    second = run([folder, str(folder / "*.txt")], ledger)
    assert (len(second.added), len(second.duplicates)) == (0, 6)
    assert ledger.count() == 2


def test_unreachable_and_private_urls(ledger):
    report = ingest(["http://127.0.0.1:9/news", "https://no-such-host.invalid/a", str(sample_path("express"))],
                    ledger, analyze=False)
    why = reasons(report)
    assert "refused" in why["http://127.0.0.1:9/news"] and "--allow-private" in why["http://127.0.0.1:9/news"]
    assert "unreachable" in why["https://no-such-host.invalid/a"]
    assert len(report.added) == 1


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server API)
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/article")
            self.end_headers()
            return
        body = sample_path("express").read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_url_fetch_with_allow_private(ledger):
    server = http.server.HTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/redirect"
        report = ingest([url], ledger, analyze=False, allow_private=True)
    finally:
        server.shutdown()
    assert len(report.added) == 1, report.failures
    doc = ledger.document(report.added[0])
    assert doc.url.endswith("/article") and doc.title.startswith("Putin mutiny")


def test_stdin_feed_and_warc(tmp_path, ledger):
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    report = ingest(["-"], ledger, analyze=False, stdin=io.BytesIO(sample_path("telegraph").read_bytes()))
    assert len(report.added) == 1 and ledger.document(report.added[0]).kind == "liveblog"

    feed = tmp_path / "feed.xml"
    feed.write_text("""<?xml version="1.0"?><rss version="2.0"><channel><title>Front Line News</title>
      <item><title>Shelling in Kharkiv</title><link>https://fl.example/1</link><pubDate>Tue, 07 Mar 2023 10:00:00 GMT</pubDate>
      <description><![CDATA[<p>Russian artillery shelled residential areas of Kharkiv overnight, killing three people, the regional governor said.</p>]]></description></item>
    </channel></rss>""", encoding="utf-8")
    warc = tmp_path / "crawl.warc.gz"
    with warc.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        html = (b"<html><head><title>Grain deal collapses</title></head><body><article><p>Russia pulled out of the Black Sea"
                b" grain deal on Monday, the Kremlin said, blaming the West for unmet promises on its own exports.</p>"
                b"</article></body></html>")
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://grain.example/deal", "response",
                                                      payload=io.BytesIO(html), http_headers=headers))
    report = ingest([str(feed), str(warc)], ledger, analyze=False)
    assert not report.failures and len(report.added) == 2
    docs = {ledger.document(i).url: ledger.document(i) for i in report.added}
    assert docs["https://fl.example/1"].outlet == "Front Line News"
    assert docs["https://fl.example/1"].published == "2023-03-07"
    assert docs["https://grain.example/deal"].title == "Grain deal collapses"
