"""Cases at the window: intake, resolutions, pledges, verification requests, credit checks.

The public API, importable from here::

    from app.cases import (Applicant, validate_applicant, mask_id, CaseService,
                           CaseView, ResolutionView, CaseSummary, MeasureOption,
                           credit_check, add_credit_record, CreditRecordView)

See ``app.cases.applicant``, ``app.cases.service`` and ``app.cases.credit`` for the rules.
"""

from app.cases.applicant import (
    Applicant,
    mask_id,
    normalize_id_no,
    validate_applicant,
    validate_phone,
)
from app.cases.credit import add_credit_record, credit_check
from app.cases.rules import fill_pledge_text
from app.cases.service import CaseService
from app.cases.views import (
    ANSWER_LABELS,
    CASE_STATUS_LABELS,
    REQUEST_STATUS_LABELS,
    CaseSummary,
    CaseView,
    CreditRecordView,
    MeasureOption,
    ResolutionView,
    to_dict,
)

__all__ = [
    "ANSWER_LABELS",
    "CASE_STATUS_LABELS",
    "REQUEST_STATUS_LABELS",
    "Applicant",
    "CaseService",
    "CaseSummary",
    "CaseView",
    "CreditRecordView",
    "MeasureOption",
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
