"""The start-up data cache: reused while its sources are unchanged, rebuilt otherwise, never fatal."""

import os

import pytest

from kg.datacache import cache_dir, cached


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "src.txt"
    path.write_text("甲 乙", encoding="utf-8")
    return path


def _counting(path, calls):
    def build():
        calls.append(1)
        return path.read_text(encoding="utf-8").split()
    return build


def test_second_call_reads_the_cache(tmp_path, source, monkeypatch):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    calls = []
    assert cached("t", [source], _counting(source, calls)) == ["甲", "乙"]
    assert cached("t", [source], _counting(source, calls)) == ["甲", "乙"]
    assert len(calls) == 1
    assert len(list((tmp_path / "cache").glob("t-*.marshal"))) == 1


def test_changed_source_is_parsed_again_and_the_old_entry_dropped(tmp_path, source, monkeypatch):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    calls = []
    cached("t", [source], _counting(source, calls))
    source.write_text("甲 乙 丙", encoding="utf-8")
    os.utime(source, ns=(1, 1))  # a different modification time, as an edit gives
    assert cached("t", [source], _counting(source, calls)) == ["甲", "乙", "丙"]
    assert len(calls) == 2
    assert len(list((tmp_path / "cache").glob("t-*.marshal"))) == 1


def test_corrupt_entry_is_rebuilt(tmp_path, source, monkeypatch):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    calls = []
    cached("t", [source], _counting(source, calls))
    (entry,) = (tmp_path / "cache").glob("t-*.marshal")
    entry.write_bytes(b"\x00garbage")
    assert cached("t", [source], _counting(source, calls)) == ["甲", "乙"]
    assert len(calls) == 2


def test_unwritable_folder_only_costs_the_cache(tmp_path, source, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("KG_CACHE_DIR", str(blocker / "cache"))
    calls = []
    assert cached("t", [source], _counting(source, calls)) == ["甲", "乙"]
    assert cached("t", [source], _counting(source, calls)) == ["甲", "乙"]
    assert len(calls) == 2


@pytest.mark.parametrize("value, expected", [("off", None), ("OFF", None)])
def test_cache_can_be_turned_off(monkeypatch, source, value, expected):
    monkeypatch.setenv("KG_CACHE_DIR", value)
    assert cache_dir() is expected
    calls = []
    cached("t", [source], _counting(source, calls))
    cached("t", [source], _counting(source, calls))
    assert len(calls) == 2


def test_default_folder_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.delenv("KG_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "kg"
