"""The built-in data source ``table``: answers from tables that departments load.

A department loads one table per certificate item (``wuzheng hub load-dataset``, see
:mod:`app.hub.datasources.loader`). Its semantics:

- the **key column** holds the subject's ID (resident ID or another accepted ID document, or a
  unified social credit code), stored in the one canonical form of app/cases/applicant.py;
- a row means the fact is **confirmed** for that subject, unless the row's **result column**
  (optional) says 否/不属实 (``denied``) or 无法确定 (``undetermined``);
- a **name column** (optional) is compared with the query's subject name: a different name is
  answered ``undetermined`` (the ID may have been mistyped), and the row's facts are not shown;
- every other column is a **fact** shown in the answer's note (``婚姻状况：已婚；…``);
- a subject the table does not hold is answered ``undetermined``, never ``denied``.

Every answer records the source (``table``) and the dataset's version (its newest load).
"""

from __future__ import annotations

import json
import unicodedata

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.cases.applicant import normalize_id_no
from app.domain import Answer
from app.errors import UserError
from app.hub.datasources import Coverage, DataQuery, DataSource, SourceAnswer, register
from app.hub.models import Dataset, DatasetRow

NAME = "table"
MAX_NOTE = 2000


def same_name(a: str, b: str) -> bool:
    def norm(text: str) -> str:
        return "".join(unicodedata.normalize("NFKC", text).split()).casefold()

    return norm(a) == norm(b)


@register
class TableSource(DataSource):
    name = NAME
    label = "部门数据表"

    def coverage(self, session: Session) -> list[Coverage]:
        return [
            Coverage(
                source=NAME,
                item_code=ds.item_code,
                facts=(ds.fact,) if ds.fact else (),
                department=ds.department,
                version=ds.version,
                rows=ds.rows,
            )
            for ds in session.scalars(
                select(Dataset).where(Dataset.version > 0).order_by(Dataset.item_code)
            )
        ]

    def answer(self, session: Session, query: DataQuery) -> SourceAnswer | None:
        dataset = session.scalar(
            select(Dataset).where(Dataset.item_code == query.item_code, Dataset.version > 0)
        )
        if dataset is None:
            return None
        origin = f"依据{dataset.department}数据表（第 {dataset.version} 版）"

        def reply(answer: Answer, note: str) -> SourceAnswer:
            return SourceAnswer(
                answer=answer,
                note=note[:MAX_NOTE],
                source=NAME,
                answered_by=f"数据查询 {dataset.department}"[:100],
                dataset_version=dataset.version,
            )

        try:
            subject = normalize_id_no(query.subject_kind, query.subject_id_no)
        except UserError as exc:
            return reply(Answer.UNDETERMINED, f"{origin}：证件号码无效（{exc}），无法确定。")
        row = session.get(DatasetRow, (dataset.id, subject))
        if row is None:
            return reply(Answer.UNDETERMINED, f"{origin}：数据表中没有该对象的记录，无法确定。")
        if dataset.name_column and row.name and not same_name(row.name, query.subject_name):
            return reply(
                Answer.UNDETERMINED,
                f"{origin}：该证件号码在数据表中登记的姓名（名称）与申请人不一致，无法确定。"
                "请核对证件号码与姓名。",
            )
        answer = Answer(row.result) if row.result else Answer.CONFIRMED
        facts = "；".join(f"{column}：{value}" for column, value in json.loads(row.facts or "[]"))
        fact = f"{dataset.fact}：" if dataset.fact else ""
        verdict = {
            Answer.CONFIRMED: "属实",
            Answer.DENIED: "不属实",
            Answer.UNDETERMINED: "无法确定",
        }[answer]
        note = f"{origin}，{fact}{verdict}。" + (f"{facts}。" if facts else "")
        return reply(answer, note)
