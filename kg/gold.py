"""Gold files: hand-checked task -> unit annotations of documents, and reading extracted records.

A gold folder holds one JSON file per document, named after the document's stem
(``plan.txt`` -> ``plan.json``). Each file is an object with ``source``,
``plan_title``, ``issuer_place``, ``tasks`` and ``notes`` (``level_note`` optional);
each task has ``id``, ``title``, ``lead_units``, ``responsible_units`` and
``collective_units``, the names exactly as the text writes them; a collective the
text makes lead (牵头单位：各县（市、区）人民政府, 由各区县政府牵头) is listed under
``lead_units``, ``collective_units`` holds the collectives named without a lead role.
Tasks without a unit are left out. :func:`gold_problems` checks a file against this schema and, given the
document's text, that every name occurs in it.
"""

from __future__ import annotations

import json
from pathlib import Path

from .errors import EXIT_LOAD, KgError

GOLD_KEYS = ("source", "plan_title", "issuer_place", "tasks", "notes")
"""Keys every gold file has (``level_note`` is optional)."""
GOLD_TASK_KEYS = ("id", "title", "lead_units", "responsible_units", "collective_units")


class GoldError(KgError):
    """A gold folder or file that cannot be used: missing, not JSON, or not in the schema."""

    exit_code = EXIT_LOAD


def gold_problems(gold, text: str | None = None, strict: bool = True) -> list[str]:
    """What is wrong with one gold object (empty when nothing is); with ``text``, names not in it.

    ``strict`` asks for every key, unique ids and at least one unit per task; without
    it, only what scoring needs is checked: a ``tasks`` list whose keys, where present,
    have the right types.

    >>> gold_problems({"source": "s", "plan_title": "t", "issuer_place": None, "notes": "",
    ...   "tasks": [{"id": "1", "title": "甲", "lead_units": ["区发改局"], "responsible_units": [],
    ...              "collective_units": ["各镇街"]}]}, text="1.甲（牵头单位：区发改局；责任单位：各镇街）")
    []
    >>> gold_problems({"tasks": [{"id": "1", "title": "甲", "lead_units": "区发改局"}]})[:2]
    ['missing key source', 'missing key plan_title']
    >>> gold_problems({"tasks": [{"id": "1", "title": "甲", "lead_units": "区发改局"}]}, strict=False)
    ["task 0 (id '1'): lead_units is not a list of names"]
    """
    if not isinstance(gold, dict):
        return ["not a JSON object"]
    problems = [f"missing key {k}" for k in GOLD_KEYS if k not in gold] if strict else []
    tasks = gold.get("tasks")
    if not isinstance(tasks, list):
        return problems + ["tasks is not a list"]
    seen_ids: set[str] = set()
    for n, task in enumerate(tasks):
        where = f"task {n}"
        if not isinstance(task, dict):
            problems.append(f"{where}: not an object")
            continue
        where = f"task {n} (id {task.get('id')!r})"
        if strict:
            problems += [f"{where}: missing key {k}" for k in GOLD_TASK_KEYS if k not in task]
        for key in ("id", "title"):
            if key in task and not isinstance(task[key], str):
                problems.append(f"{where}: {key} is not a string")
        if strict and isinstance(task.get("id"), str):
            if task["id"] in seen_ids:
                problems.append(f"{where}: id used twice")
            seen_ids.add(task["id"])
        names = []
        for key in GOLD_TASK_KEYS[2:]:
            value = task.get(key, [])
            if not isinstance(value, list) or not all(isinstance(u, str) and u.strip() for u in value):
                problems.append(f"{where}: {key} is not a list of names")
                continue
            names += value
        if strict and not names:
            problems.append(f"{where}: no unit (tasks without assignments are left out)")
        if text is not None:
            problems += [f"{where}: {u!r} does not occur in the text" for u in names if u not in text]
    return problems


def load_gold(path) -> dict:
    """One gold file; :class:`GoldError` naming the file and the problem when it is unusable."""
    path = Path(path)
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldError(f"{path}: cannot read gold file: {exc}") from None
    problems = gold_problems(gold, strict=False)
    if problems:
        raise GoldError(f"{path}: not a gold file: {'; '.join(problems[:3])}")
    return gold


def load_gold_dir(folder) -> dict[str, dict]:
    """Every ``*.json`` gold file of a folder, by stem (which names the document it annotates)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise GoldError(f"{folder}: gold folder not found")
    files = sorted(folder.glob("*.json"))
    if not files:
        raise GoldError(f"{folder}: no gold files (*.json) in the folder")
    return {f.stem: load_gold(f) for f in files}


class RecordsError(KgError):
    """Extracted records that cannot be read."""

    exit_code = EXIT_LOAD


def read_records(lines, name: str = "<stdin>") -> list[dict]:
    """Records of ``kg extract --format jsonl`` output; :class:`RecordsError` on a line that is not one."""
    out = []
    for n, line in enumerate(lines, 1):
        line = line.strip()
        if not line:
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise RecordsError(f"{name}: line {n}: not JSON: {exc}") from None
        if not isinstance(record, dict) or "doc" not in record:
            raise RecordsError(f"{name}: line {n}: not a kg extract record (no 'doc')")
        out.append(record)
    return out
