"""The measures a clerk may pick for one certificate item of a case, without the database.

    measure_options(item, applicant_name, credit, *, failed=False, current=None)
        -> list[MeasureOption]
    check_choice(item_name, options, chosen, note=..., document=..., submitted=...)
        -> tuple[MeasureOption, str]                    # the chosen option and the document
    fill_pledge_text(template, applicant_name, item_name) -> str
    credit_refusal(records, has_verify=...) -> str      # why pledge is refused (credit list)
    automatic_default(options) -> MeasureOption | None  # the default, if it needs no one

A pure function of the catalog entry (:class:`app.catalog.views.ItemView`), the applicant's
name and the applicant's active credit records; ``failed`` says whether the item already had a
denied or undetermined answer in this case, ``current`` which measure it is resolved with now.

Rules:

* Every measure the catalog lists is offered, in the catalog's order. Share and verify are
  refused while the catalog names no department to answer; they always carry the answer's
  deadline in working days (the catalog's, else :data:`DEFAULT_DEADLINE_DAYS`).
* Pledge carries the catalog's text filled in with the applicant's name, and is refused while
  the applicant is on the credit list.
* Beyond the catalog, "retained" (the applicant submits the certificate) is offered when
  otherwise the case could never be finished: after a denied / undetermined answer for the
  item, or when the applicant is on the credit list and the item offers pledge but no
  verification.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from app.cases.progress import ASKED
from app.cases.workdays import DEFAULT_DEADLINE_DAYS
from app.catalog.views import MEASURE_LABELS, ItemView
from app.domain import Measure
from app.errors import UserError

# Measures recorded with nothing from the clerk or the applicant: cancelled, or a request the
# system sends (a one-click data query, a data query or verification a department answers).
AUTOMATIC: frozenset[Measure] = frozenset({Measure.CANCEL, Measure.SHARE, Measure.VERIFY})

# What the clerk must enter with a measure.
NEEDS: dict[Measure, str] = {
    Measure.SUBSTITUTE: "document",
    Measure.OTHER: "note",
    Measure.RETAINED: "submitted",
}


@dataclass(frozen=True)
class MeasureOption:
    """One measure the clerk may pick for a certificate item of a case.

    ``allowed`` is False with a Chinese ``reason`` when it cannot be used for this applicant
    (e.g. pledge while on the credit list). ``detail`` is the pledge text (already filled in with
    the applicant's name) or the suggested substitute document or the catalog's free text.
    ``needs`` says what the clerk must enter: "" / "note" / "document" / "submitted".
    ``deadline_days``: for share and verify always set (working days until the answer is due:
    the catalog's, else 3); None for the other measures.
    """

    measure: Measure
    label: str
    allowed: bool
    reason: str = ""
    detail: str = ""
    provider_code: str = ""
    provider_name: str = ""
    one_click: bool = False
    deadline_days: int | None = None
    needs: str = ""
    in_catalog: bool = True  # False: a fallback offered beyond the catalog (see module docs)
    current: bool = False  # the measure the item is resolved with now


class CreditEntry(Protocol):
    """An active credit record, as far as the options need it (``CreditRecordView`` is one)."""

    @property
    def reason(self) -> str: ...
    @property
    def valid_until(self) -> date | None: ...


def fill_pledge_text(template: str, applicant_name: str, item_name: str) -> str:
    """The catalog's pledge text with the applicant's name filled in."""
    text = template.strip()
    if not text:
        text = (
            f"本人承诺：本人符合“{item_name}”所证明的事项，所述情况真实、准确；"
            "如有虚假，愿意承担相应法律责任，并同意将失信信息记入信用记录。"
        )
    for placeholder in ("{applicant}", "{申请人}", "{name}"):
        if placeholder in text:
            return text.replace(placeholder, applicant_name)
    for lead in ("本单位", "本企业", "本人"):
        if text.startswith(lead):
            return f"{lead}（{applicant_name}）{text[len(lead) :]}"
    return f"承诺人：{applicant_name}。{text}"


def credit_refusal(records: Sequence[CreditEntry], *, has_verify: bool) -> str:
    """Why pledge is refused: the first active credit record, and what to do instead."""
    record = records[0]
    until = f"，有效期至 {record.valid_until.isoformat()}" if record.valid_until else ""
    text = f"申请人在失信名单中（{record.reason}{until}），不能使用告知承诺，请改用部门核验。"
    if not has_verify:
        text += "本证明事项目录中没有部门核验方式，请由申请人提交证明原件（保留）。"
    return text


def measure_options(
    item: ItemView,
    applicant_name: str,
    credit: Sequence[CreditEntry],
    *,
    failed: bool = False,
    current: Measure | None = None,
) -> list[MeasureOption]:
    """The options for one item (see the module docstring for the rules)."""
    catalog = [m.measure for m in item.measures]
    options: list[MeasureOption] = []
    for m in item.measures:
        allowed, reason, detail = True, "", m.detail
        if m.measure in ASKED and not m.provider_code:
            allowed = False
            reason = f"目录未指定“{item.name}”的答复部门，暂不能发起{MEASURE_LABELS[m.measure]}。"
        if m.measure == Measure.PLEDGE:
            detail = fill_pledge_text(m.detail, applicant_name, item.name)
            if credit:
                allowed = False
                reason = credit_refusal(credit, has_verify=Measure.VERIFY in catalog)
        options.append(
            MeasureOption(
                measure=m.measure,
                label=MEASURE_LABELS[m.measure],
                allowed=allowed,
                reason=reason,
                detail=detail,
                provider_code=m.provider_code or "",
                provider_name=m.provider_name,
                one_click=m.one_click,
                deadline_days=(
                    (m.deadline_days or DEFAULT_DEADLINE_DAYS) if m.measure in ASKED else None
                ),
                needs=NEEDS.get(m.measure, ""),
                current=current == m.measure,
            )
        )
    if Measure.RETAINED not in catalog:
        why = ""
        if failed:
            why = "核验未通过或无法确定，可由申请人提交证明原件。"
        elif credit and Measure.PLEDGE in catalog and Measure.VERIFY not in catalog:
            why = "申请人在失信名单中且本证明无核验方式，需由申请人提交证明原件。"
        if why:
            options.append(
                MeasureOption(
                    measure=Measure.RETAINED,
                    label=MEASURE_LABELS[Measure.RETAINED],
                    allowed=True,
                    reason=why,
                    needs=NEEDS[Measure.RETAINED],
                    in_catalog=False,
                    current=current == Measure.RETAINED,
                )
            )
    return options


def automatic_default(options: Sequence[MeasureOption]) -> MeasureOption | None:
    """The item's default (its first allowed option) when recording it needs no one: no note,
    document or certificate from the clerk, no signature from the applicant (see
    :data:`AUTOMATIC`); None when the default needs someone, or nothing is allowed."""
    default = next((o for o in options if o.allowed), None)
    if default is None or default.measure not in AUTOMATIC or default.needs:
        return None
    return default


def check_choice(
    item_name: str,
    options: Sequence[MeasureOption],
    chosen: Measure,
    *,
    note: str,
    document: str,
    submitted: bool | None,
) -> tuple[MeasureOption, str]:
    """The option the clerk chose with what they entered, or a UserError saying what is wrong.

    Returns the option and the substitute document seen (default: the catalog's suggestion).
    Substitute needs the document, other a note, retained whether it was ``submitted``.
    """
    option = next((o for o in options if o.measure == chosen), None)
    if option is None:
        labels = "、".join(MEASURE_LABELS[o.measure] for o in options)
        raise UserError(
            f"证明事项“{item_name}”不能采用“{MEASURE_LABELS[chosen]}”方式；"
            f"可用的方式：{labels or '无'}。"
        )
    if not option.allowed:
        raise UserError(option.reason)
    if submitted is not None and chosen != Measure.RETAINED:
        raise UserError("只有“保留”方式需要填写申请人是否已提交证明。")
    if chosen == Measure.RETAINED and submitted is None:
        raise UserError(f"“{item_name}”采用保留方式：请填写申请人是否已提交该证明。")
    if chosen == Measure.OTHER and not note:
        raise UserError(f"“{item_name}”采用其他方式：请填写具体办理说明。")
    if chosen == Measure.SUBSTITUTE:
        document = document or option.detail.strip()
        if not document:
            raise UserError(f"“{item_name}”采用替代方式：请填写所查验的替代材料名称。")
    return option, document
