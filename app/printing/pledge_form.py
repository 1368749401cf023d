"""Printing a case's pledge form (告知承诺书): the one way the window and the command line do it.

:func:`print_pledge_form` takes the installation's signing key and the county's wording, renders
the form (:class:`app.printing.pledge.PledgeForm`: rendering only, no database writes), then
records the form's hash on the case's pledges through the case service
(:meth:`app.cases.CaseService.record_pledge_form`: audited and queued for the hub, like every
change to a case). A case whose pledges changed while the form was being rendered is refused and
nothing is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from app.printing.templates import Template, load_template

if TYPE_CHECKING:
    from app.storage.db import Database


@dataclass(frozen=True)
class RenderedPledgeForm:
    """A pledge form as rendered: the PDF, the hash its QR code carries, what it holds."""

    pdf: bytes
    form_hash: str
    case_id: str
    case_number: str
    pledge_ids: tuple[str, ...]


@dataclass(frozen=True)
class PrintedPledgeForm:
    """A rendered form whose hash is recorded on the pledges."""

    form: RenderedPledgeForm
    key_warning: str | None = None  # the signing key is not protected by a system keyring

    @property
    def pdf(self) -> bytes:
        return self.form.pdf


def render_pledge_form(
    db: Database,
    case_ref: str,
    *,
    key: bytes,
    template: Template | None = None,
    today: date | None = None,
) -> RenderedPledgeForm:
    """The pledge form of a case (id, id prefix or number), rendered; changes nothing.

    A case without pledges is refused (UserError).
    """
    from app.printing.casedata import load_case_sheet
    from app.printing.pledge import PledgeForm

    with db.session() as session:
        sheet = load_case_sheet(session, case_ref)
    wording = template if template is not None else load_template("pledge")
    form = PledgeForm(sheet, wording, today or date.today())
    pdf, form_hash = form.render(key)
    return RenderedPledgeForm(pdf, form_hash, sheet.id, sheet.number, tuple(form.pledge_ids))


def print_pledge_form(
    db: Database,
    case_ref: str,
    *,
    directory: Path | None = None,
    clerk: str = "",
    key: bytes | None = None,
    template: Template | None = None,
    today: date | None = None,
) -> PrintedPledgeForm:
    """Render the pledge form of a case and record its hash on the pledges.

    ``directory``: the data directory whose signing key and template overrides are used
    (default: the current one); ``key`` and ``template`` replace them when given. ``clerk``
    is who printed it (the audit entry's actor; default: the case's clerk).
    """
    from app.cases import CaseService
    from app.printing.signing import load_signing_key

    warning = None
    if key is None:
        signing_key = load_signing_key(directory)
        key, warning = signing_key.key, signing_key.warning
    wording = template if template is not None else load_template("pledge", directory)
    form = render_pledge_form(db, case_ref, key=key, template=wording, today=today)
    CaseService(db, clerk=clerk).record_pledge_form(
        form.case_id, form.form_hash, pledge_ids=form.pledge_ids
    )
    return PrintedPledgeForm(form, warning)
