"""The pure rules of a case, without the database: pledge text, refusals, what is missing.

fill_pledge_text(template, applicant_name, item_name) -> str
credit_refusal(records, has_verify=...) -> str      # why pledge is refused (credit list)
missing(resolutions) -> tuple[str, ...]             # why a case cannot be finished yet
waiting_for(status, resolutions) -> str             # "2 项待处理、1 项核验待答复" / "可办结"
waiting_text(unresolved, pending, failed, unsubmitted) -> str   # the same from counts
"""

from __future__ import annotations

from collections.abc import Iterable

from app.cases.views import ANSWER_LABELS, ResolutionView
from app.catalog.views import MEASURE_LABELS
from app.storage.models import Answer, CaseStatus, CreditRecord, Measure


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


def credit_refusal(records: list[CreditRecord], *, has_verify: bool) -> str:
    record = records[0]
    until = f"，有效期至 {record.valid_until.isoformat()}" if record.valid_until else ""
    text = f"申请人在失信名单中（{record.reason}{until}），不能使用告知承诺，请改用部门核验。"
    if not has_verify:
        text += "本证明事项目录中没有部门核验方式，请由申请人提交证明原件（保留）。"
    return text


def missing(resolutions: Iterable[ResolutionView]) -> tuple[str, ...]:
    missing: list[str] = []
    for r in resolutions:
        name = f"“{r.item_name}”"
        if r.measure is None:
            missing.append(f"{name}尚未选择办理方式")
        elif r.measure in (Measure.SHARE, Measure.VERIFY):
            label = MEASURE_LABELS[r.measure]
            if r.request_answer is None:
                late = "，已超期" if r.request_overdue else ""
                missing.append(f"{name}的{label}尚未答复（{r.request_provider}{late}）")
            elif r.request_answer != Answer.CONFIRMED:
                missing.append(
                    f"{name}的{label}结果为“{ANSWER_LABELS[r.request_answer]}”，"
                    "请改用其他方式（如由申请人提交证明）"
                )
        elif r.measure == Measure.RETAINED and not r.submitted:
            missing.append(f"{name}需由申请人提交，尚未提交")
    return tuple(missing)


def waiting_for(status: CaseStatus, resolutions: tuple[ResolutionView, ...]) -> str:
    if status != CaseStatus.OPEN:
        return ""
    asked = [r for r in resolutions if r.measure in (Measure.SHARE, Measure.VERIFY)]
    return waiting_text(
        unresolved=sum(1 for r in resolutions if r.measure is None),
        pending=sum(1 for r in asked if r.request_answer is None),
        failed=sum(1 for r in asked if r.request_answer not in (None, Answer.CONFIRMED)),
        unsubmitted=sum(
            1 for r in resolutions if r.measure == Measure.RETAINED and not r.submitted
        ),
    )


def waiting_text(unresolved: int, pending: int, failed: int, unsubmitted: int) -> str:
    """What an open case waits for, from its counts (the case list computes them in SQL)."""
    parts = []
    if unresolved:
        parts.append(f"{unresolved} 项待处理")
    if pending:
        parts.append(f"{pending} 项核验待答复")
    if failed:
        parts.append(f"{failed} 项核验未通过")
    if unsubmitted:
        parts.append(f"{unsubmitted} 项证明未提交")
    return "、".join(parts) if parts else "可办结"
