"""Cases at the window: intake, resolutions, pledges, verification requests, credit checks.

The public API, importable from here::

    from app.cases import (Applicant, validate_applicant, mask_id, CaseService,
                           CaseView, ResolutionView, CaseSummary, MeasureOption,
                           CaseList, CasePage, credit_check, add_credit_record,
                           CreditRecordView)

Where each rule lives: ``applicant`` (IDs and phones), ``service`` (every change to a case),
``options`` (which measures an item may use), ``progress`` (what an item still needs: done,
state texts, what is missing, the list's counts), ``views`` (the read-only views and their
assembly), ``listing`` (the case list in SQL), ``lookup`` (finding a case or request by what
a clerk types), ``evidence`` (pledges and requests behind a resolution), ``credit``.
"""

from app.cases.applicant import (
    Applicant,
    mask_id,
    normalize_id_no,
    validate_applicant,
    validate_phone,
)
from app.cases.credit import CreditRecordView, add_credit_record, credit_check
from app.cases.listing import LIST_PAGE, CaseList
from app.cases.options import MeasureOption, fill_pledge_text
from app.cases.progress import ANSWER_LABELS, REQUEST_STATUS_LABELS, Need
from app.cases.service import CaseService
from app.cases.views import (
    CASE_STATUS_LABELS,
    CasePage,
    CaseSummary,
    CaseView,
    PledgeView,
    RequestView,
    ResolutionView,
)
from app.jsonutil import to_dict

__all__ = [
    "ANSWER_LABELS",
    "CASE_STATUS_LABELS",
    "LIST_PAGE",
    "REQUEST_STATUS_LABELS",
    "Applicant",
    "CaseList",
    "CasePage",
    "CaseService",
    "CaseSummary",
    "CaseView",
    "CreditRecordView",
    "MeasureOption",
    "Need",
    "PledgeView",
    "RequestView",
    "ResolutionView",
    "add_credit_record",
    "credit_check",
    "fill_pledge_text",
    "mask_id",
    "normalize_id_no",
    "to_dict",
    "validate_applicant",
    "validate_phone",
]
