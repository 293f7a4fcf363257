"""What a document is (title, issuer, date, genre) when the manifest does not say.

Web pages wrap a plan in navigation lines and footers; :func:`is_chrome` recognises
those lines (:data:`CHROME_CUES`) so that they never become the title. The title is
the plan a cover notice or letter carries (关于印发《…》的通知, 关于商请会签《…》的函:
:func:`cover_title`), else the first title line of the head (:func:`is_title_line`: it
ends with a document kind of :data:`TITLE_CUES` and is not a sentence or a numbered
heading); a preamble sentence is never a title. The issuer (:func:`find_issuer`) is a
jurisdiction read off the title, an organ's name or the text, never off a verb phrase.

>>> from kg.document import Document
>>> doc = Document.from_text("首页 > 政府信息公开\\n发布日期：2022-01-12\\n武穴市人民政府办公室关于印发《武穴市推进“三百”工程行动方案》的通知\\n正文")
>>> info = find_plan_info(doc)
>>> info.title, info.issuer, info.date, info.genre
('武穴市推进“三百”工程行动方案', '武穴市', '2022-01-12', 'plan')
"""

from __future__ import annotations

import logging

from ..document import Document
from .metadata_issuer import (  # noqa: F401 (the issuer was read here: these names stay importable from this module)
    MAX_DIVISION_NAME,
    MIN_MENTIONS,
    ORGAN_WORDS,
    SIGN_OFF_LINES,
    SPECIFIC_SHARE,
    TEXT_SCAN_CHARS,
    divisions_at,
    find_issuer,
    issuer_from_text,
    issuer_parents,
    parents_of,
)
from .metadata_title import (  # noqa: F401 (as above: the title, date and genre)
    CHROME_CUES,
    CHROME_MAX,
    COVER_VERBS,
    CUES,
    DATE_LABELS,
    GENRES,
    HEAD_LINES,
    PREAMBLE_OPENERS,
    PREAMBLE_VERBS,
    SELF_REFERENCE_VERBS,
    TITLE_CUES,
    cover_title,
    find_date,
    find_genre,
    find_title,
    is_chrome,
    is_title_line,
)
from .model import PlanInfo

log = logging.getLogger("kg.extract.metadata")


def find_plan_info(doc: Document) -> PlanInfo:
    """Title, issuer, date and genre inferred from the text of ``doc``."""
    title = find_title(doc)
    issuer, parents = find_issuer(title, doc)
    return PlanInfo(doc=doc.name, title=title, issuer=issuer, date=find_date(doc), genre=find_genre(title, doc), parents=parents)


def merge_plan_info(inferred: PlanInfo, given: PlanInfo | None) -> PlanInfo:
    """The manifest's values where it has them, the inferred ones elsewhere.

    When neither says who issued the plan, a warning names the document and the manifest
    columns that fix it (its units then get a stand-in jurisdiction, see
    :func:`kg.extract.units.unknown_place`).
    """
    merged = _merge(inferred, given)
    if not merged.issuer:
        from .units import unknown_place

        log.warning("%s: who issued this plan cannot be inferred from its title or text; units named by "
                    "their level (市发改局) get a stand-in jurisdiction such as %s. To fix it, give the issuer "
                    "in manifest.csv beside the document: columns 'issuer' (e.g. 大冶市) and 'parents' "
                    "(e.g. 黄石市;湖北省)", merged.doc, unknown_place(merged.doc, "市"))
    return merged


def _merge(inferred: PlanInfo, given: PlanInfo | None) -> PlanInfo:
    if given is None:
        return inferred
    parents = given.parents
    if not parents and given.issuer and given.issuer != inferred.issuer:
        parents = issuer_parents(given.issuer)  # the parents of the manifest's issuer, not the text's
    elif not parents:
        parents = inferred.parents
    return PlanInfo(
        doc=inferred.doc,
        title=given.title or inferred.title,
        issuer=given.issuer or inferred.issuer,
        date=given.date or inferred.date,
        genre=given.genre or inferred.genre,
        parents=parents,
        source=given.source or inferred.source,
    )
