"""Issue 15's hostile inputs: each fails alone, fast, with a short clear reason — or is read correctly.

Decompression bombs inside WARC archives, devices and pipes past ``--max-bytes``, file names
with invalid UTF-8 bytes, cut archives, UTF-16 without a byte-order mark.
"""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import threading
import zlib
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimledger.errors import MAX_REASON
from claimledger.ingest import IngestOptions, ingest
from claimledger.store import Ledger

MIB = 1 << 20
PLAIN = IngestOptions(analyze=False, link=False)
ARTICLE = ("Kharkiv was shelled overnight, the regional governor said on Friday. At least 12 people were "
           "wounded, officials told reporters, and two schools were damaged near the city centre.\n")


def gzip_bomb(path: Path, mib: int, byte: bytes = b"A") -> Path:
    """``mib`` MiB of one repeated byte, gzip-compressed (a few hundred kB on disk)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = byte * MIB
    with path.open("wb") as out:
        for _ in range(mib):
            out.write(packer.compress(block))
        out.write(packer.flush())
    return path


def warc_bytes(pages: list[tuple[str, str]], gzip: bool) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    for url, html in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.0")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode()),
                                                      http_headers=headers))
    return buffer.getvalue()


def _page(title: str) -> str:
    return f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{ARTICLE}</p>" \
           f"<p>{ARTICLE}</p></article></body></html>"


@pytest.fixture()
def ledger(tmp_path):
    return Ledger(tmp_path / "ledger.db")


def test_gzip_bomb_in_a_warc_fails_with_a_short_reason(tmp_path, ledger):
    bomb = gzip_bomb(tmp_path / "b.warc.gz", 30)
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE)
    report = ingest([str(bomb), str(good)], ledger, PLAIN, max_bytes=MIB)
    assert len(report.added) == 1  # the batch went on
    [failure] = report.failures
    assert failure.source == str(bomb)
    assert len(failure.reason) <= MAX_REASON
    assert "limit" in failure.reason


# peak memory from VmHWM (this process's own); ru_maxrss would carry over the forking parent's peak
BOMB_SCRIPT = """
import sys
from claimledger.ingest import iter_inputs
items = list(iter_inputs([sys.argv[1]], max_bytes=int(sys.argv[2])))
peak = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:")).split()[1]
print(len(items), type(items[0]).__name__, int(peak) // 1024)
"""


def test_gzip_bomb_in_a_warc_is_refused_with_little_memory(tmp_path):
    bomb = gzip_bomb(tmp_path / "big.warc.gz", 600)  # 600 MiB inflated: 2.5 GB of memory before the fix
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    done = subprocess.run([sys.executable, "-c", BOMB_SCRIPT, str(bomb), str(MIB)], capture_output=True,
                          text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    count, kind, peak_mib = done.stdout.split()
    assert (count, kind) == ("1", "InputFailure")
    assert int(peak_mib) < 256


@pytest.mark.parametrize("gzip", [False, True], ids=["warc", "warc.gz"])
def test_a_cut_warc_reports_its_last_record_instead_of_storing_it_cut(tmp_path, ledger, gzip):
    data = warc_bytes([("https://example.org/a", _page("First report")),
                       ("https://example.org/b", _page("Second report"))], gzip=gzip)
    whole = tmp_path / f"whole.{'warc.gz' if gzip else 'warc'}"
    whole.write_bytes(data)
    assert len(ingest([str(whole)], Ledger(tmp_path / "whole.db"), PLAIN).added) == 2  # the archive reads whole

    cut = tmp_path / f"cut.{'warc.gz' if gzip else 'warc'}"
    cut.write_bytes(data[:-300])
    report = ingest([str(cut)], ledger, PLAIN)
    assert len(report.added) == 1
    assert len(report.failures) == 1
    assert "truncated" in report.failures[0].reason or "unreadable" in report.failures[0].reason
    assert all(ledger.document(d).text.rstrip().endswith("city centre.") for d in report.added)


def test_max_bytes_holds_for_devices(ledger):
    report = ingest(["/dev/zero"], ledger, PLAIN, max_bytes=MIB)
    assert not report.added
    assert "too large" in report.failures[0].reason


def test_max_bytes_holds_for_pipes(tmp_path, ledger):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)

    def feed() -> None:
        try:
            with fifo.open("wb") as out:
                for _ in range(8):
                    out.write(b"words and more words\n" * (MIB // 16))
        except BrokenPipeError:  # the reader stopped at the limit, as it should
            pass

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    report = ingest([str(fifo)], ledger, PLAIN, max_bytes=MIB)
    assert not report.added and "too large" in report.failures[0].reason
    writer.join(timeout=30)


def test_a_file_name_with_invalid_utf8_bytes_is_stored(tmp_path, ledger):
    (tmp_path / "inbox").mkdir()
    name = os.path.join(os.fsencode(tmp_path / "inbox"), b"caf\xe9-report.txt")
    with open(name, "wb") as out:
        out.write(ARTICLE.encode())
    report = ingest([str(tmp_path / "inbox")], ledger, PLAIN)  # the folder: the name comes from the file system
    assert report.ok and len(report.added) == 1
    stored = ledger.document(report.added[0])
    assert stored.source.endswith("caf\ufffd-report.txt")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_decoded(tmp_path, ledger, codec):
    path = tmp_path / "report.txt"
    path.write_bytes(ARTICLE.encode(codec))
    report = ingest([str(path)], ledger, PLAIN)
    assert report.ok and len(report.added) == 1
    assert ledger.document(report.added[0]).text.startswith("Kharkiv was shelled")


def test_error_texts_are_bounded(tmp_path, ledger):
    """A reason quoting its input (warcio's 'first line: ...') never grows with the input."""
    junk = tmp_path / "junk.warc"
    junk.write_bytes(b"B" * (MIB // 2))
    report = ingest([str(junk)], ledger, PLAIN)
    assert len(report.failures) == 1 and len(report.failures[0].reason) <= MAX_REASON


# --- SSRF: connect to the address that was checked; refuse anything not globally routable ------------

def _resolver(*answers: str):
    """A getaddrinfo that answers each call with the next address (the last one repeats)."""
    calls = []

    def getaddrinfo(host, port, *args, **kwargs):
        address = answers[min(len(calls), len(answers) - 1)]
        calls.append(host)
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (address, port))]
    return getaddrinfo, calls


def test_a_rebinding_dns_answer_cannot_redirect_the_connection(monkeypatch):
    import httpx

    from claimledger.ingest import fetch

    getaddrinfo, calls = _resolver("93.184.216.34", "127.0.0.1")  # public when checked, loopback after
    monkeypatch.setattr(fetch.socket, "getaddrinfo", getaddrinfo)
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((request.url.host, request.headers["host"]))
        return httpx.Response(200, text=ARTICLE, headers={"content-type": "text/plain"})

    body, _type, final = fetch.fetch_url("http://news.example/a?b=1", max_bytes=MIB,
                                         transport=httpx.MockTransport(handler))
    assert body.decode() == ARTICLE and final == "http://news.example/a?b=1"
    assert seen == [("93.184.216.34", "news.example")]  # connected to the checked address, not re-resolved
    assert len(calls) == 1


@pytest.mark.parametrize("address", ["100.100.100.200", "100.64.0.1", "fec0::1", "2002:7f00:1::1",
                                     "64:ff9b::7f00:1", "::ffff:127.0.0.1", "169.254.169.254", "10.0.0.1",
                                     "fd00:ec2::254", "0.0.0.0", "224.0.0.1"])
def test_addresses_that_are_not_globally_routable_are_refused(monkeypatch, address):
    from claimledger.errors import ClaimledgerError
    from claimledger.ingest import fetch

    getaddrinfo, _calls = _resolver(address)
    monkeypatch.setattr(fetch.socket, "getaddrinfo", getaddrinfo)
    with pytest.raises(ClaimledgerError, match="refused: .* non-public address"):
        fetch.fetch_url("https://metadata.example/latest", max_bytes=MIB)


def test_a_redirect_to_a_private_address_is_refused(monkeypatch):
    import httpx

    from claimledger.ingest import fetch
    from claimledger.ingest.decode import InputError

    def getaddrinfo(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.1.2.3" if host == "inside.example"
                                                              else "93.184.216.34", port))]
    monkeypatch.setattr(fetch.socket, "getaddrinfo", getaddrinfo)
    transport = httpx.MockTransport(lambda request: httpx.Response(302, headers={"location": "http://inside.example/"}))
    with pytest.raises(InputError, match="refused: inside.example"):
        fetch.fetch_url("http://news.example/", max_bytes=MIB, transport=transport)
