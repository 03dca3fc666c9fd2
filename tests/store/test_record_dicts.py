"""``Record.to_dict`` (``records._plain``) gives what ``dataclasses.asdict`` gives, for every record
the analysis makes of the two samples (the records that write their own JSON, a cue's and so a
claim's, build on it), and shares no list or dict with the record."""

from __future__ import annotations

from dataclasses import asdict

from claimledger.records import Claim, Record


def test_every_record_of_the_samples_is_the_dict_asdict_makes(sample_analyses):
    seen = 0
    for cleaned, analysis in sample_analyses:
        assert Record.to_dict(cleaned) == asdict(cleaned)
        assert Record.to_dict(analysis) == asdict(analysis)
        for records in (analysis.mentions, analysis.quantities, analysis.attributions, analysis.times,
                        analysis.claims, cleaned.segments):
            for record in records:
                assert Record.to_dict(record) == asdict(record), record
                seen += 1
    assert seen > 200


def test_the_dict_is_a_copy(sample_analyses):
    claim = next(c for _, a in sample_analyses for c in a.claims if c.cues and c.mentions)
    out = claim.to_dict()
    out["mentions"].append(-1)
    out["cues"][0]["text"] = "changed"
    out["scores"]["new"] = 1
    assert -1 not in claim.mentions and claim.cues[0].text != "changed" and "new" not in claim.scores
    assert Claim.from_dict(claim.to_dict()) == claim
