"""The domain's enumerations and value types, with no SQLAlchemy and no Qt.

The storage models, the wire models of the sync and the GUI all use these; importing this
module loads nothing but the standard library.
"""

from __future__ import annotations

import enum


class Level(enum.StrEnum):
    """Administrative level of a department or matter."""

    COUNTY = "county"  # 县
    TOWNSHIP = "township"  # 乡镇
    VILLAGE = "village"  # 村


class ApplicantKind(enum.StrEnum):
    PERSON = "person"
    ENTERPRISE = "enterprise"
    BOTH = "both"  # only for matters: either may apply


class Measure(enum.StrEnum):
    """How a certificate item is handled now (the Haishu register columns)."""

    CANCEL = "cancel"  # 直接取消
    SHARE = "share"  # 数据查询/共享
    VERIFY = "verify"  # 部门核验
    SUBSTITUTE = "substitute"  # 替代
    PLEDGE = "pledge"  # 告知承诺
    OTHER = "other"  # 其他
    RETAINED = "retained"  # 暂时无法实现 (the applicant must still submit it)


class CaseStatus(enum.StrEnum):
    OPEN = "open"  # taken in, resolutions or answers still missing
    FINISHED = "finished"
    CANCELLED = "cancelled"


class RequestStatus(enum.StrEnum):
    QUEUED = "queued"
    SENT = "sent"
    ANSWERED = "answered"
    OVERDUE = "overdue"
    WITHDRAWN = "withdrawn"


class Answer(enum.StrEnum):
    CONFIRMED = "confirmed"
    DENIED = "denied"
    UNDETERMINED = "undetermined"


class CheckOutcome(enum.StrEnum):
    UNCHECKED = "unchecked"
    TRUE = "true"
    FALSE = "false"
