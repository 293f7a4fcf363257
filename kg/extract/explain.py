"""What extraction saw in one document: its spans as records, or as an offline page.

:func:`explain_spans` lists every task, unit (with its role), target, place mention,
project and enterprise that the pipeline wrote on the Doc; :func:`explain_html` draws
them over the text with displaCy's span renderer, one block per paragraph, with a
legend. The page is self-contained: no script, font or style is fetched.

>>> from kg.document import Document
>>> rows = explain_spans(explain_doc(Document.from_text("1.推进改革。（牵头单位：县发改局）", "a.txt")))
>>> [(r["label"], r["text"]) for r in rows]
[('TASK', '1.推进改革。（牵头单位：县发改局）'), ('LEAD', '县发改局')]
"""

from __future__ import annotations

import html
from collections import Counter

from spacy import displacy
from spacy.tokens import Doc

from ..document import Document
from .model import PlanInfo
from .spans import SPAN_ATTRIBUTES, SPAN_KEYS

LEGEND = (
    ("TASK", "任务", "task: a numbered piece of the plan that carries an assignment", "#dbeafe"),
    ("LEAD", "牵头单位", "unit leading the task", "#f87171"),
    ("RESPONSIBLE", "责任单位", "co-responsible unit", "#fdba74"),
    ("COLLECTIVE", "集体单位", "a class of units (各镇街 ...)", "#fde68a"),
    ("TARGET", "指标", "quantified target or past achievement", "#86efac"),
    ("PLACE", "地点", "place mention", "#c4b5fd"),
    ("PROJECT", "项目", "named project, facility or programme", "#67e8f9"),
    ("ENTERPRISE", "企业", "company named as an actor", "#f9a8d4"),
)
"""(label, Chinese name, meaning, colour) of every kind of span shown."""

SHOWN = ("tasks", "units", "targets", "place_mentions", "projects", "enterprises")
"""Span groups shown, in this order."""

_DETAIL = {"TASK": "uid", "LEAD": "canonical", "RESPONSIBLE": "canonical", "COLLECTIVE": "canonical",
           "TARGET": "indicator", "PLACE": "name", "PROJECT": "kind"}


def explain_doc(document: Document, plan: PlanInfo | None = None) -> Doc:
    """The processed Doc of ``document`` (``plan``: its manifest row): :func:`kg.extract.process_document`."""
    from . import process_document

    return process_document(document, plan)


def explain_spans(doc: Doc) -> list[dict]:
    """One row per shown span: document, span group, label, offsets, text and the span's attributes."""
    rows = []
    for key in SHOWN:
        for span in doc.spans.get(SPAN_KEYS[key], ()):
            if key == "units" and not isinstance(span._.task, str):
                continue  # a repeat merged into another mention of its task
            row = {"doc": doc._.kg_name, "key": SPAN_KEYS[key], "label": span.label_,
                   "start": span.start_char, "end": span.end_char, "text": span.text}
            for name in SPAN_ATTRIBUTES:
                value = getattr(span._, name)
                if value is not None:
                    row[name] = value
            if key == "place_mentions":
                row["name"] = span.kb_id_
            rows.append(row)
    rows.sort(key=lambda r: (r["start"], -r["end"]))
    return rows


def _paragraph_markup(text: str, start: int, end: int, rows: list[dict]) -> str:
    """displaCy span markup of ``text[start:end]``; tokens are the runs between span boundaries."""
    inside = [(max(r["start"], start), min(r["end"], end), r) for r in rows if r["start"] < end and start < r["end"]]
    inside = [x for x in inside if x[0] < x[1]]
    cuts = sorted({start, end, *(a for a, _, _ in inside), *(b for _, b, _ in inside)})
    index = {pos: i for i, pos in enumerate(cuts)}
    tokens = [text[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]
    spans = []
    for a, b, r in inside:
        detail = r.get(_DETAIL.get(r["label"], ""), "")
        spans.append({"start_token": index[a], "end_token": index[b], "label": r["label"],
                      "kb_id": html.escape(str(detail)) if detail else "", "kb_url": "#"})
    colors = {label: colour for label, _, _, colour in LEGEND}
    return displacy.render({"text": text[start:end], "tokens": tokens, "spans": spans}, style="span", manual=True,
                           jupyter=False, options={"colors": colors})


def explain_html(doc: Doc) -> str:
    """A self-contained page: the text with every shown span highlighted, and a legend."""
    rows = explain_spans(doc)
    counts = Counter(r["label"] for r in rows)
    text = doc.text
    blocks, pos = [], 0
    for line in text.split("\n"):
        end = pos + len(line)
        if line.strip():
            blocks.append(f'<div class="kg-paragraph" data-start="{pos}">{_paragraph_markup(text, pos, end, rows)}</div>')
        pos = end + 1
    plan = doc._.kg_plan or {}
    title = plan.get("title") or doc._.kg_name or ""
    legend = "".join(
        f'<li data-label="{label}"><span class="kg-swatch" style="background:{colour}"></span>'
        f"<b>{label}</b> {html.escape(zh)}: {html.escape(meaning)} ({counts.get(label, 0)})</li>"
        for label, zh, meaning, colour in LEGEND
    )
    return f"""<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<title>kg explain: {html.escape(doc._.kg_name or "")}</title>
<style>
body {{ font-family: sans-serif; margin: 1.5em; color: #111; }}
#kg-legend {{ list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .4em 1.2em; font-size: .9em; }}
.kg-swatch {{ display: inline-block; width: 1em; height: .6em; margin-right: .3em; border-radius: 2px; }}
.kg-paragraph {{ margin: .2em 0 .8em; }}
</style>
</head>
<body>
<h1>{html.escape(title)}</h1>
<p id="kg-source">{html.escape(doc._.kg_name or "")}: {len(rows)} spans; issuer {html.escape(str(plan.get("issuer") or "?"))}</p>
<ul id="kg-legend">{legend}</ul>
<div id="kg-text">
{"".join(blocks)}
</div>
</body>
</html>
"""
