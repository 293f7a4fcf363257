"""Cue words are data: every family of ``kg/extract/cues/assignments.json`` keeps examples that read as it says,
and a user's cue file, given to ``initialize``, changes what the pipeline finds and travels with it."""

from __future__ import annotations

import json

import pytest
import spacy

import kg
from kg.document import Document
from kg.extract.assignments import CUES_FILE, find_assignments, load_cues

DATA = json.loads(CUES_FILE.read_text(encoding="utf-8"))
FAMILIES = [k for k in DATA if k != "about"]
EXAMPLES = [(family, example) for family in FAMILIES for example in DATA[family]["examples"]]


def units(text: str, cues=None) -> list[tuple[str, str]]:
    doc = Document.from_text(text)
    kwargs = {} if cues is None else {"cues": cues}
    return [(u.surface, u.role) for a in find_assignments(doc, **kwargs) for u in a.units]


@pytest.mark.parametrize("family", FAMILIES)
def test_every_family_is_documented(family):
    assert DATA[family]["about"] and DATA[family]["examples"]
    assert any(DATA[family].get(k) for k in ("words", "lead", "responsible"))


@pytest.mark.parametrize("family, example", EXAMPLES, ids=[f"{f}-{i}" for i, (f, _) in enumerate(EXAMPLES)])
def test_every_example_reads_as_its_family_says(family, example):
    found = units(example)
    roles = {r for _, r in found}
    if family == "not_name_prefixes":
        assert found == []
    elif family == "lead_labels":
        assert "lead" in roles
    elif family in ("responsible_labels", "unit_suffixes", "place_suffixes"):
        assert "responsible" in roles or "lead" in roles
    elif family == "role_suffixes":
        assert roles <= {"lead", "responsible"} and found
    elif family == "role_adverbs":
        assert found and not any(n.endswith(tuple(DATA[family]["words"])) for n, _ in found)
    elif family in ("label_prefixes", "label_asides"):
        assert found and ("区发改局", "lead") in found and all(n.startswith("区") for n, _ in found)
    elif family == "role_shares":
        assert all(n.startswith("区") and n.endswith("局") for n, _ in found)
    elif family == "label_copulas":
        assert found == [("市发改委", "lead"), ("市财政局", "responsible")]
    elif family == "role_markers":
        assert ("市发改委", "lead") in found
    elif family in ("collective_prefixes", "collective_infixes", "level_nouns"):
        assert "collective" in roles
    elif family == "trailing_noise":
        assert ("区财政局", "responsible") in found and not any("等" in n for n, _ in found)
    elif family == "label_qualifiers":
        assert "lead" in roles and not any("单位" in name for name, _ in found)
    elif family == "collective_tails":
        tails = DATA[family]["words"]
        assert any(r == "collective" and "、" in n for n, r in found)
        assert not any(n in tails for n, _ in found)
    elif family == "list_joiners":
        assert len(found) == 2 and not any(w in n for n, _ in found for w in DATA[family]["words"])
    elif family == "trailing_verbs":
        assert len(found) == 1 and not any(n.endswith("落实") for n, _ in found)
    elif family == "leading_words":
        assert found and not any(n.startswith(tuple(DATA[family]["words"])) for n, _ in found)
        assert not any(n.endswith(("负责", "落实")) for n, _ in found)
    elif family == "row_deadlines":
        from kg.extract.tables import find_table_tasks

        rows = find_table_tasks(Document.from_text(example))
        assert rows and all(t.units for t in rows)
        assert not any(w in u.surface for t in rows for u in t.units for w in DATA[family]["words"])
    elif family == "level_prefixes":
        from kg.extract.tables import find_flat_table_tasks

        rows = find_flat_table_tasks(Document.from_text(example))
        named = [u.surface for t in rows for u in t.units] or [n for n, _ in found]
        assert named and all(n[0] in DATA[family]["words"] for n in named)
        assert not any(n[1] in DATA[family]["words"] for n in named)  # 社区县民政局: the name starts at 县
    elif family == "row_list_openers":
        from kg.extract.tables import find_flat_table_tasks

        rows = find_flat_table_tasks(Document.from_text(example))
        assert len(rows) == 3 and all(u.role == "collective" and u.surface.startswith(tuple(DATA[family]["words"]))
                                      for t in rows for u in t.units)
    elif family == "duty_verbs":
        from kg.extract.structure import find_headings

        doc = Document.from_text(example)
        keyed = [[u.surface for u in a.units] for a in find_assignments(doc, find_headings(doc))]
        assert len(keyed) == 3 and len(keyed[-1]) == 2
        assert not any(w in n for group in keyed for n in group for w in DATA[family]["words"])
    elif family == "not_name_words":
        assert found == [("区住建局", "lead")]
    else:
        pytest.fail(f"no check for the family {family}")


def _user_cues(tmp_path):
    data = json.loads(CUES_FILE.read_text(encoding="utf-8"))
    data["lead_labels"]["words"].append("主办单位")
    path = tmp_path / "cues.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


TEXT = "1.办好展会。（主办单位：区商务局；责任单位：区财政局）"


def test_a_users_cue_file_through_initialize(tmp_path):
    assert units(TEXT) == [("区财政局", "responsible")]
    assert units(TEXT, load_cues(_user_cues(tmp_path))) == [("区商务局", "lead"), ("区财政局", "responsible")]
    nlp = kg.load()
    nlp.config["initialize"]["components"]["kg_assignments"] = {"cues": str(_user_cues(tmp_path))}
    nlp.initialize()
    doc = nlp(TEXT)
    assert [(s.text, s._.role) for s in doc.spans["kg.units"]] == [("区商务局", "lead"), ("区财政局", "responsible")]
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    again = loaded(TEXT)
    assert [s.text for s in again.spans["kg.units"]] == ["区商务局", "区财政局"]


def test_place_names_share_the_endings_of_the_cue_file(tmp_path):
    """济南、青岛、烟台市政府: 济南 shares the 市 of 烟台市政府 because 市 is one of the
    ``place_suffixes``; a cue file without it gives no implied name."""
    text = "推进改革。（牵头单位：省大数据局，参加单位：济南、青岛、烟台市政府）"
    data = json.loads(CUES_FILE.read_text(encoding="utf-8"))
    data["place_suffixes"]["words"].remove("市")
    path = tmp_path / "cues.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    def implied(cues=None):
        doc = Document.from_text(text)
        kwargs = {} if cues is None else {"cues": cues}
        return [(u.surface, u.canonical) for a in find_assignments(doc, **kwargs) for u in a.units if u.canonical]

    assert implied() == [("济南", "济南市政府"), ("青岛", "青岛市政府")]
    assert implied(load_cues(path)) == []
