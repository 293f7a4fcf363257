"""The department-type scheme and its matcher: well-formed data, unseen spellings, full names."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from kg.namespaces import DEPT
from kg.resources import ontology_file
from kg.vocab import (
    DepartmentVocabulary,
    VocabularyError,
    is_subsequence,
    load_vocabulary,
    split_suffix,
)

SCHEME = URIRef("https://w3id.org/kg-policy/department-type")


@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph().parse(ontology_file("department-types.ttl"), format="turtle")


@pytest.fixture(scope="module")
def vocab() -> DepartmentVocabulary:
    return load_vocabulary()


def zh_labels(concept):
    return (concept.zh, *concept.alt, *concept.hidden)


# -- the data --------------------------------------------------------------------------

def test_scheme_parses_with_broad_coverage(graph, vocab):
    assert (SCHEME, RDF.type, SKOS.ConceptScheme) in graph
    assert 60 <= len(vocab.concepts()) <= 120
    assert len(vocab.groups()) >= 7


def test_every_concept_is_labelled_and_in_the_scheme(graph):
    concepts = set(graph.subjects(RDF.type, SKOS.Concept))
    assert concepts
    for c in concepts:
        assert str(c).startswith(str(DEPT))
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", str(c)[len(str(DEPT)):]), c
        assert (c, SKOS.inScheme, SCHEME) in graph, c
        langs = sorted(o.language for o in graph.objects(c, SKOS.prefLabel))
        assert langs == ["en", "zh"], c


def test_every_type_sits_in_a_group(vocab):
    groups = set(vocab.groups())
    for slug in vocab.concepts():
        assert vocab.broader(slug) in groups, slug


def test_labels_carry_no_jurisdiction_prefix(vocab):
    for slug in vocab.concepts():
        for label in zh_labels(vocab.concept(slug)):
            if len(label) > 1:
                parts = vocab.split_name(label)
                assert (parts.prefix, parts.places) == ("", ()), (slug, label)


def test_no_hidden_label_repeats_the_preflabel(vocab):
    for slug in vocab.concepts():
        c = vocab.concept(slug)
        assert c.zh not in c.hidden, slug
        assert not set(c.alt) & set(c.hidden), slug


def _owners(vocab):
    owners: dict[str, set[str]] = {}
    for slug in vocab.concepts():
        for label in zh_labels(vocab.concept(slug)):
            owners.setdefault(label, set()).add(slug)
    return owners


def test_shared_full_labels_are_merged_bureaus_read_piece_by_piece(vocab):
    """A label on several concepts must read as those concepts, in the same order,
    when the shared labels are taken away (发展改革 + 和 + 经济信息化)."""
    owners = _owners(vocab)
    shared = {label for label, slugs in owners.items() if len(slugs) > 1}
    assert shared, "the scheme has merged bureaus"
    pieces = DepartmentVocabulary(
        replace(c, alt=tuple(a for a in c.alt if a not in shared), hidden=tuple(h for h in c.hidden if h not in shared))
        for c in (vocab.concept(s) for s in (*vocab.concepts(), *vocab.groups()))
    )
    checked = 0
    for label in shared:
        if vocab.expansion(label) is None and not any(label in vocab.concept(s).hidden for s in owners[label]):
            assert pieces.match(label) == vocab.match(label), label
            assert set(vocab.match(label)) == owners[label], label
            checked += 1
    assert checked


def test_shared_abbreviations_expand_to_a_merged_name(vocab):
    owners = _owners(vocab)
    for label, slugs in owners.items():
        if len(slugs) > 1 and all(label in vocab.concept(s).hidden for s in slugs):
            full = vocab.expansion(label)
            assert full and is_subsequence(label, full), label
            assert set(vocab.match(full)) == slugs, label


# -- matching --------------------------------------------------------------------------

@pytest.mark.parametrize(
    "name, expected",
    [
        # spellings listed nowhere in the scheme, from many provinces
        ("县发展和改革局", ("development-reform",)),
        ("市发展改革委", ("development-reform",)),
        ("省发展改革委员会", ("development-reform",)),
        ("区卫生健康委员会", ("health",)),
        ("县卫健委", ("health",)),
        ("县自然资源局", ("natural-resources-planning",)),
        ("市规划和自然资源委员会", ("natural-resources-planning",)),
        ("县自然资源分局", ("natural-resources-planning",)),
        ("市住房和城乡建设委员会", ("housing-construction",)),
        ("区住房城乡建设局", ("housing-construction",)),
        ("区城市管理和综合执法局", ("urban-management",)),
        ("县综合行政执法局", ("urban-management",)),
        ("县行政审批服务局", ("administrative-approval",)),
        ("市大数据管理局", ("government-services-data",)),
        ("区政务服务和大数据管理局", ("government-services-data",)),
        ("旗民族宗教事务局", ("ethnic-religious",)),
        ("州民宗委", ("ethnic-religious",)),
        ("县交警大队", ("public-security",)),
        ("县消防大队", ("fire-rescue",)),
        ("县应急救援中心", ("emergency-management",)),
        ("区教育体育局", ("education", "sports")),
        ("市工信局", ("economy-information",)),
        ("县市场监管所", ("market-regulation",)),
        ("县人民法院", ("court",)),
        ("市中级人民法院", ("court",)),
        ("县人防办", ("civil-air-defense",)),
        ("县公积金中心", ("housing-provident-fund",)),
        ("市环保局", ("ecology-environment",)),
        ("恩施土家族苗族自治州发改委", ("development-reform",)),
        ("鄂州市鄂城区财政局", ("finance",)),
        ("中共黄石市委组织部", ("organization",)),
        # merged bureaus: primary function first
        ("市发展改革和经济信息化局", ("development-reform", "economy-information")),
        ("市科技和经济信息化局", ("science-technology", "economy-information")),
        ("市科经局", ("science-technology", "economy-information")),
        ("县商务和经济信息化局", ("commerce", "economy-information")),
        # brackets are read too
        ("市财政局(国资办)", ("finance", "state-assets")),
        ("市财政局（国资办）", ("finance", "state-assets")),
        # party committee, its office and departments; Youth League
        ("区委", ("party-committee",)),
        ("县委办", ("party-office",)),
        ("市委政法委", ("political-legal",)),
        ("团县委", ("communist-youth-league",)),
        ("市政府办", ("government-office",)),
        ("市政府", ("government",)),
        # what kind of organisation comes first
        ("市水务集团", ("state-owned-platform", "water-resources")),
        ("县交通投资集团", ("state-owned-platform", "transport")),
        ("县城投公司", ("state-owned-platform",)),
        ("县供电公司", ("public-utility",)),
        ("某某旅游度假区", ("scenic-area", "culture-tourism")),
        ("某某高新技术产业开发区", ("development-zone",)),
        ("某某镇", ("township-street",)),
        ("某某街道办事处", ("township-street",)),
        ("某某村", ("village-community",)),
        ("县人民医院", ("hospital",)),
        # level character that is part of the name
        ("市场监督管理局", ("market-regulation",)),
        ("乡村振兴局", ("rural-revitalization",)),
        # unknown
        ("某某协调小组", ()),
        ("区直各部门", ()),
    ],
)
def test_match(vocab, name, expected):
    assert vocab.match(name) == expected


@pytest.mark.parametrize(
    "name, expected",
    [
        ("卫健局", "卫生健康局"),
        ("卫健委", "卫生健康委员会"),
        ("发改局", "发展和改革局"),
        ("发展改革局", "发展和改革局"),
        ("发改委", "发展和改革委员会"),
        ("资规局", "自然资源和规划局"),
        ("自规局", "自然资源和规划局"),
        ("市场监管局", "市场监督管理局"),
        ("人社局", "人力资源和社会保障局"),
        ("住建局", "住房和城乡建设局"),
        ("交通局", "交通运输局"),
        ("应急局", "应急管理局"),
        ("政数局", "政务服务和数据管理局"),
        ("城管局", "城市管理局"),
        ("科经局", "科技和经济信息化局"),
        ("审批局", "行政审批局"),
        ("交警大队", "交通警察大队"),
        ("法院", "人民法院"),
        ("委办", "委办公室"),
        ("政府办", "政府办公室"),
        # full forms and names the vocabulary does not abbreviate stay as written
        ("自然资源局", "自然资源局"),
        ("发展改革和经济信息化局", "发展改革和经济信息化局"),
        ("招商服务中心", "招商服务中心"),
        ("综合执法局", "综合执法局"),
        ("文创中心", "文创中心"),
        ("城投公司", "城投公司"),
        ("应急救援中心", "应急救援中心"),
        ("某某协调小组", "某某协调小组"),
        # brackets kept, made full-width; spaces dropped
        ("财政局(国资办)", "财政局（国资办）"),
        ("财政局 （国资办）", "财政局（国资办）"),
    ],
)
def test_full_name(vocab, name, expected):
    assert vocab.full_name(name) == expected


@pytest.mark.parametrize(
    "label, expected",
    [("发改委", ("发改", "委")), ("自然资源和规划分局", ("自然资源和规划", "分局")), ("编办", ("编办", "")), ("城投公司", ("城投", "公司"))],
)
def test_split_suffix(label, expected):
    assert split_suffix(label) == expected


def test_labels_and_concepts(vocab):
    assert vocab.label("development-reform") == "发展和改革"
    assert vocab.label("development-reform", "en") == "Development and reform"
    assert vocab.concepts() == tuple(sorted(vocab.concepts()))
    assert "zones" in vocab.groups() and "zones" not in vocab.concepts()
    with pytest.raises(ValueError, match="fr"):
        vocab.label("finance", "fr")


def test_vocabulary_is_loaded_once(vocab):
    assert load_vocabulary() is vocab


@pytest.mark.parametrize(
    "text, problem",
    [
        ("this is not turtle", "not valid Turtle"),
        ("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n", "no skos:Concept"),
        ("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
         "<https://w3id.org/kg-policy/department-type/x> a skos:Concept .\n", "exactly one skos:prefLabel"),
    ],
)
def test_bad_scheme_file_names_the_file(tmp_path, text, problem):
    path = tmp_path / "bad.ttl"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(VocabularyError, match=problem) as info:
        load_vocabulary(path)
    assert "bad.ttl" in str(info.value)
    assert info.value.exit_code == 2


def test_missing_scheme_file(tmp_path):
    with pytest.raises(VocabularyError, match="no such file"):
        load_vocabulary(tmp_path / "missing.ttl")


# -- the words of jurisdictions (ontology/jurisdiction-words.ttl) ------------------------

def test_jurisdiction_words_are_labelled_and_in_their_scheme():
    graph = Graph().parse(ontology_file("jurisdiction-words.ttl"), format="turtle")
    scheme = URIRef("https://w3id.org/kg-policy/jurisdiction-word")
    assert (scheme, RDF.type, SKOS.ConceptScheme) in graph
    for c in set(graph.subjects(RDF.type, SKOS.Concept)):
        assert (c, SKOS.inScheme, scheme) in graph, c
        assert sorted(o.language for o in graph.objects(c, SKOS.prefLabel)) == ["en", "zh"], c


def test_jurisdiction_words_as_name_splitting_reads_them(vocab):
    from kg.vocab_names import LEVEL_PREFIXES, PLACE_SUFFIXES, jurisdiction_words

    words = jurisdiction_words()
    assert set(words) == {"place-suffixes", "level-prefixes"}
    assert PLACE_SUFFIXES == words["place-suffixes"] and LEVEL_PREFIXES == "".join(words["level-prefixes"])
    assert [len(w) for w in PLACE_SUFFIXES] == sorted(map(len, PLACE_SUFFIXES), reverse=True)  # longest first
    assert all(len(w) == 1 and w in PLACE_SUFFIXES for w in LEVEL_PREFIXES)
    # a level prefix, an explicit place name ending in a place suffix, 团市委
    assert vocab.split_name("县发改局").level == "县"
    assert vocab.split_name("恩施土家族苗族自治州发改委").places == ("恩施土家族苗族自治州",)
    assert vocab.split_name("团市委").level == "市"


def test_a_bad_jurisdiction_words_file_names_the_file(tmp_path):
    from kg.vocab_scheme import _read_jurisdiction_words

    path = tmp_path / "bad.ttl"
    path.write_text("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
                    "<https://w3id.org/kg-policy/jurisdiction-word/x> a skos:OrderedCollection .\n", encoding="utf-8")
    with pytest.raises(VocabularyError, match="no skos:memberList") as info:
        _read_jurisdiction_words(path)
    assert "bad.ttl" in str(info.value)
    with pytest.raises(VocabularyError, match="no such file"):
        _read_jurisdiction_words(tmp_path / "missing.ttl")
