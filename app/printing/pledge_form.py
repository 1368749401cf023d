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
from app.signing import SigningKey

if TYPE_CHECKING:
    from app.printing.signing import PledgeKeys
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
    key_warning: str | None = None  # kept for callers; the Ed25519 key has no file fallback

    @property
    def pdf(self) -> bytes:
        return self.form.pdf


def render_pledge_form(
    db: Database,
    case_ref: str,
    *,
    key: SigningKey,
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
    key: SigningKey | None = None,
    template: Template | None = None,
    today: date | None = None,
) -> PrintedPledgeForm:
    """Render the pledge form of a case and record its hash on the pledges.

    ``directory``: the data directory whose template overrides are used (default: the
    current one); the form is signed with this window's Ed25519 key (:func:`pledge_signer`)
    unless ``key`` is given. ``clerk`` is who printed it (the audit entry's actor; default:
    the case's clerk).
    """
    from app.cases import CaseService

    warning = None
    if key is None:
        key = pledge_signer(db)
    wording = template if template is not None else load_template("pledge", directory)
    form = render_pledge_form(db, case_ref, key=key, template=wording, today=today)
    CaseService(db, clerk=clerk).record_pledge_form(
        form.case_id, form.form_hash, pledge_ids=form.pledge_ids
    )
    return PrintedPledgeForm(form, warning)


def pledge_signer(db: Database) -> SigningKey:
    """The key this window signs pledge forms with: its device key from enrolment, or (never
    connected) a key pair of its own; both in the OS keyring (UserError without one)."""
    from app.printing.signing import load_pledge_signer
    from app.sync.identity import enrolment

    current = enrolment(db)
    return load_pledge_signer(current.key if current is not None else None)


def checker_keys(db: Database) -> PledgeKeys:
    """What this PC checks pledge forms with, offline: every device public key the hub
    broadcast, its own key, and the old HMAC key where the keyring still holds it."""
    from sqlalchemy import select

    from app.printing.signing import PledgeKeys, legacy_key, own_public_key
    from app.signing import key_id
    from app.storage.models import DeviceKey
    from app.sync.identity import load_enrolment
    from app.sync.wire import DeviceKind

    labels = {DeviceKind.WINDOW.value: "窗口", DeviceKind.DEPARTMENT.value: "部门"}
    public: dict[str, str] = {}
    holders: dict[str, str] = {}
    revoked: dict[str, str] = {}
    with db.reading() as session:
        current = load_enrolment(session)
        for row in session.scalars(select(DeviceKey)):
            public[row.key_id] = row.public_key
            holders[row.key_id] = f"{labels.get(row.device_kind, '监管')} {row.device_code}"
            if row.revoked:
                revoked[row.key_id] = f"{row.revoked_at:%Y-%m-%d}" if row.revoked_at else "此前"
    own = own_public_key(current.key if current is not None else None)
    if own is not None and key_id(own) not in public:
        public[key_id(own)] = own
        holders[key_id(own)] = "本机"
    database = db.engine.url.database
    directory = Path(database).parent if database and database != ":memory:" else None
    legacy = legacy_key(directory)
    return PledgeKeys(public=public, holders=holders, revoked=revoked, legacy=legacy)
