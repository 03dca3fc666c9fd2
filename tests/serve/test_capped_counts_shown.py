"""A listing whose count stopped at the cap says "more than N" (API and page), and only then."""

from __future__ import annotations

from claimledger.store import views


def test_a_capped_count_is_said_as_more_than(client, monkeypatch):
    n = client.get("/api/claims", params={"limit": 500}).json()["total"]
    assert n > 3
    monkeypatch.setattr(views, "COUNT_CAP", n - 1)
    capped = client.get("/api/claims", params={"limit": 1}).json()
    assert capped["total"] is None and capped["total_more_than"] == n - 1 and capped["next_offset"] == 1
    page = client.get("/claims", params={"sort": "position"}).text
    assert f'<p class="count">more than {n - 1:,} claims</p>' in page
    monkeypatch.setattr(views, "COUNT_CAP", n)
    exact = client.get("/api/claims", params={"limit": 1}).json()
    assert exact["total"] == n and exact["total_more_than"] is None
    page = client.get("/claims", params={"sort": "position"}).text
    assert f'<p class="count">{n} claims</p>' in page
