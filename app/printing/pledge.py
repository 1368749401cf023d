"""告知承诺书: the pledge form of a case, signed on paper at the window.

One form holds every pledge of the case. Its QR code carries the case number and the first
digits of the form's hash, signed with this installation's key, so that a supervisor can check
a paper form offline (:func:`check_pledge_paper`) however many pledges it holds.
This module renders the form; :func:`app.printing.pledge_form.print_pledge_form` prints it
(signing key, wording, rendering, then the case service records the form's hash on the pledges).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import date

from app.printing.fonts import ensure_fonts

# isort: split
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Table
from sqlalchemy import select

from app.errors import UserError
from app.printing.casedata import CaseSheet
from app.printing.layout import (
    CONTENT_WIDTH,
    LABEL_FILL,
    WARN_FILL,
    BoldParagraph,
    Fact,
    PageChrome,
    SectionHeading,
    Styles,
    build_pdf,
    chinese_number,
    facts_with_qr,
    grid_style,
    para,
    spacer,
)
from app.printing.signing import PledgeKeys, PledgeQr, pledge_payload, verify_pledge_qr
from app.printing.templates import Template
from app.signing import SigningKey
from app.storage.db import Database
from app.storage.models import Case, Pledge

ensure_fonts()


def _fields(sheet: CaseSheet) -> dict[str, str]:
    return {
        "applicant_name": sheet.applicant_name,
        "id_masked": sheet.id_masked,
        "case_number": sheet.number,
        "matter_name": sheet.subject_name,
    }


def _boxed(flowables: list[Flowable], fill: object) -> Table:
    table = Table([[flowables]], colWidths=[CONTENT_WIDTH], splitInRow=1)
    table.setStyle(
        grid_style(
            header=False,
            extra=[
                ("BACKGROUND", (0, 0), (-1, -1), fill),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
            ],
        )
    )
    return table


class PledgeForm:
    """The wording of one case's pledge form, filled once; renders the PDF and its hash."""

    def __init__(self, sheet: CaseSheet, template: Template, printed_on: date) -> None:
        if not sheet.pledges:
            raise UserError(
                f"办件 {sheet.number} 没有以告知承诺方式办理的证明事项，无需打印承诺书。"
            )
        self.sheet = sheet
        self.template = template = template.bind(**_fields(sheet))
        self.printed_on = printed_on
        self.title = template.text("document_title")
        self.intro = template.text("intro")
        self.sections = [
            (
                p,
                template.text(
                    "notice",
                    item_name=p.item_name,
                    issuer=p.issuer or "有关单位",
                    legal_basis=p.legal_basis or "有关规定",
                    pledge_text=p.text,
                ),
                template.text(
                    "pledge",
                    item_name=p.item_name,
                    issuer=p.issuer or "有关单位",
                    legal_basis=p.legal_basis or "有关规定",
                    pledge_text=p.text,
                ),
            )
            for p in sheet.pledges
        ]
        self.consequences_title = template.text("consequences_title")
        self.consequences = template.texts("consequences")
        self.declaration = template.text("declaration")
        self.applicant_signature = template.text("applicant_signature")
        self.clerk_signature = template.text("clerk_signature")
        self.date_line = template.text("date_line")
        self.copies_note = template.text("copies_note")
        self.qr_caption = template.text("qr_caption")

    @property
    def pledge_ids(self) -> list[str]:
        return [p.id for p in self.sheet.pledges]

    def content_hash(self) -> str:
        """SHA-256 of everything the form says (canonical JSON): stored on each pledge."""
        body = {
            "case": self.sheet.number,
            "applicant": [self.sheet.applicant_name, self.sheet.id_masked],
            "pledges": [[p.id, p.item_code, notice, text] for p, notice, text in self.sections],
            "wording": [
                self.intro,
                self.consequences,
                self.declaration,
                self.applicant_signature,
                self.clerk_signature,
            ],
            "printed_on": self.printed_on.isoformat(),
        }
        canonical = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def story(self, qr_payload: str) -> list[Flowable]:
        sheet = self.sheet
        rows: list[Fact | tuple[Fact, Fact]] = [
            (("办件编号", sheet.number), ("受理人", sheet.clerk or "—")),
            (("申请人", sheet.applicant_name), (sheet.id_label, sheet.id_masked)),
            ("办理事项", sheet.subject_name),
        ]
        story: list[Flowable] = [
            BoldParagraph(self.title, Styles.title),
            spacer(5),
            facts_with_qr(rows, qr_payload, self.qr_caption, qr_size=30 * mm),
            spacer(3),
            para(self.intro),
        ]
        for number, (p, notice, text) in enumerate(self.sections, start=1):
            story.append(SectionHeading(f"{chinese_number(number)}、{p.item_name}"))
            story.append(
                _boxed(
                    [
                        para("告知内容", Styles.label),
                        para(notice, Styles.cell),
                        spacer(1.5),
                        para("承诺内容", Styles.label),
                        para(text, Styles.cell),
                    ],
                    LABEL_FILL,
                )
            )
        lines = [para(self.consequences_title, Styles.label)]
        lines += [para(f"{n}. {line}", Styles.cell) for n, line in enumerate(self.consequences, 1)]
        story += [spacer(4), _boxed(lines, WARN_FILL)]
        signature = Table(
            [
                [para(self.applicant_signature), para(self.clerk_signature + sheet.clerk)],
                [spacer(9), spacer(9)],
                [para(self.date_line), para(self.date_line)],
            ],
            colWidths=[CONTENT_WIDTH / 2, CONTENT_WIDTH / 2],
        )
        signature.setStyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
        story.append(
            KeepTogether(
                [
                    spacer(5),
                    para(self.declaration, Styles.pledge),
                    spacer(5),
                    signature,
                    spacer(4),
                    para(
                        f"{self.copies_note}　打印日期：{self.printed_on:%Y-%m-%d}",
                        Styles.small,
                    ),
                ]
            )
        )
        return story

    def render(self, key: SigningKey) -> tuple[bytes, str]:
        """The PDF and the form hash it carries in its QR code."""
        form_hash = self.content_hash()
        payload = pledge_payload(self.sheet.number, form_hash, key)
        chrome = PageChrome(
            hall_name=self.template.hall_name,
            document_title=self.title,
            left_footer=f"办件编号 {self.sheet.number}",
        )
        pdf = build_pdf(self.story(payload), chrome, title=self.title, subject=self.sheet.number)
        return pdf, form_hash


def check_pledge_paper(
    db: Database, payload: str, keys: PledgeKeys | SigningKey | str | bytes | None = None
) -> PledgeQr:
    """Verify a scanned pledge form: signature, then that it is the last form printed.

    The pledges on the form are those of its case whose stored form hash matches the code
    (a form printed before lists them itself). Raises a UserError when the signature is wrong,
    the case or a pledge is unknown here, or the form was reprinted since (its hash no longer
    matches the one stored on the pledges).
    """
    if keys is None:
        from app.printing.pledge_form import checker_keys

        keys = checker_keys(db)
    scanned = verify_pledge_qr(payload, keys)
    if not scanned.pledge_ids:
        return _resolve_form(db, scanned)
    with db.session() as session:
        stored = dict(
            session.query(Pledge.id, Pledge.form_hash).filter(Pledge.id.in_(scanned.pledge_ids))
        )
    missing = [pid for pid in scanned.pledge_ids if pid not in stored]
    if missing:
        raise UserError(f"本机没有这份承诺书中的 {len(missing)} 项承诺记录，请先同步后再核查。")
    stale = [pid for pid, h in stored.items() if not h.startswith(scanned.form_hash)]
    if stale:
        raise UserError(_STALE)
    return scanned


_STALE = "这份承诺书不是最近一次打印的版本（此后已重新打印），请核对原件。"


def _resolve_form(db: Database, scanned: PledgeQr) -> PledgeQr:
    """The pledges a current form's code refers to: its case's, printed with that hash."""
    with db.session() as session:
        rows = session.execute(
            select(Pledge.id, Pledge.form_hash)
            .join(Case, Pledge.case_id == Case.id)
            .where(Case.number == scanned.case_number)
            .order_by(Pledge.created_at, Pledge.id)
        ).all()
    if not rows:
        if scanned.signed_by and scanned.signed_by != "本机":  # another window's form
            return replace(
                scanned,
                note=(
                    f"本机没有办件 {scanned.case_number} 的记录（由{scanned.signed_by}受理），"
                    "签名真实；是否为最近一次打印的版本请向该窗口核实。"
                ),
            )
        raise UserError(f"本机没有办件 {scanned.case_number} 的承诺记录，请先同步后再核查。")
    on_form = tuple(pid for pid, h in rows if h.startswith(scanned.form_hash))
    if not on_form:
        raise UserError(_STALE)
    return replace(scanned, pledge_ids=on_form)
