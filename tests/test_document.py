"""Reading documents: encodings, width folding and bad input."""

from __future__ import annotations

import pytest

from kg.document import decode_bytes, fold_width, iter_paths, read_document
from kg.errors import DocumentError

TEXT = "武穴市推进“三百”工程行动方案\r\n1．推进改革。（牵头单位：市发改局）\n"


@pytest.mark.parametrize(
    "data, encoding",
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("gbk"), "gb18030"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("utf-16"), "utf-16"),  # with a BOM
        (TEXT.encode("utf-16-le"), "utf-16-le"),  # without one
        (TEXT.encode("utf-16-be"), "utf-16-be"),
    ],
)
def test_encodings_are_detected(data, encoding):
    text, found = decode_bytes(data, "x.txt")
    assert found == encoding
    assert text == TEXT.replace("\r\n", "\n")


@pytest.mark.parametrize(
    "data, problem",
    [
        (b"", "empty file"),
        (b"  \r\n\t ", "empty file"),
        (bytes(range(256)) * 4, "binary file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "binary file"),
        (bytes([0x80, 0x81, 0xFE, 0xFF, 0x90]) * 50, "not"),
    ],
)
def test_bad_input_is_named(tmp_path, data, problem):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(DocumentError) as info:
        read_document(path)
    assert str(path) in str(info.value)
    assert problem in str(info.value)
    assert info.value.exit_code == 2


def test_missing_file_is_named(tmp_path):
    with pytest.raises(DocumentError, match="no such file"):
        read_document(tmp_path / "missing.txt")


@pytest.mark.parametrize(
    "raw, folded",
    [
        ("（一）", "(一)"),
        ("〔2023〕", "(2023)"),
        ("【注】", "(注)"),
        ("牵头单位：甲；责任单位：乙，丙", "牵头单位:甲;责任单位:乙,丙"),
        ("１．２", "1.2"),
        ("、", "、"),
    ],
)
def test_width_folding_keeps_length(raw, folded):
    assert fold_width(raw) == folded
    assert len(fold_width(raw)) == len(raw)


def test_folders_are_walked_for_text_files(tmp_path):
    (tmp_path / "a.txt").write_text("甲", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("乙", encoding="utf-8")
    (tmp_path / "notes.json").write_text("{}", encoding="utf-8")
    assert [p.name for p in iter_paths([tmp_path])] == ["a.txt", "b.txt"]
