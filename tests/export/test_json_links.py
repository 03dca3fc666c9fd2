"""`export --format json --links`: the documents with the link layer in one JSON object."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from claimledger.cli import app
from claimledger.demo import sample_paths


def test_json_export_carries_stories_incidents_groups_and_conflicts(tmp_path):
    db = str(tmp_path / "samples.db")
    assert CliRunner().invoke(app, ["ingest", *map(str, sample_paths()), "--db", db, "-q"]).exit_code == 0
    out = CliRunner().invoke(app, ["export", "--format", "json", "--links", "--db", db])
    assert out.exit_code == 0
    data = json.loads(out.stdout)
    assert len(data["documents"]) == 2 and data["stories"] and data["claim_groups"]
    [conflict] = [c for c in data["conflicts"] if c["kind"] == "figures"]
    incident = next(i for i in data["incidents"] if i["id"] == conflict["incident"])
    assert {"498", "over 7,000", "over 15,000"} <= {f["text"] for f in incident["figures"]}
    plain = json.loads(CliRunner().invoke(app, ["export", "--format", "json", "--db", db]).stdout)
    assert isinstance(plain, list) and len(plain) == 2  # without --links: the documents list, as before
