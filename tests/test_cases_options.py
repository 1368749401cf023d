"""The measures a clerk may pick for an item: a pure function, tested without a database."""

from __future__ import annotations

from datetime import date

import pytest

from app.cases.credit import CreditRecordView
from app.cases.options import (
    MeasureOption,
    automatic_default,
    check_choice,
    fill_pledge_text,
    measure_options,
)
from app.cases.workdays import DEFAULT_DEADLINE_DAYS
from app.catalog.views import ItemView, MeasureView
from app.domain import ApplicantKind, Measure
from app.errors import UserError

LISTED = CreditRecordView(
    id="r1",
    subject_kind=ApplicantKind.PERSON,
    subject_id_masked="110105********002X",
    subject_name="张三",
    reason="虚假承诺",
    valid_from=date(2026, 1, 1),
    valid_until=date(2027, 1, 1),
    source_pledge_id=None,
)


def item(*measures: MeasureView, name: str = "无犯罪记录证明") -> ItemView:
    return ItemView(code="C2", name=name, issuer="县公安局", legal_basis="", measures=measures)


VERIFY = MeasureView(
    Measure.VERIFY, provider_code="D-GA", provider_name="县公安局", deadline_days=2
)
SHARE = MeasureView(Measure.SHARE, provider_code="D-MZ", provider_name="县民政局", one_click=True)
PLEDGE = MeasureView(Measure.PLEDGE, detail="本人承诺无犯罪记录。")


def by_measure(options: list[MeasureOption]) -> dict[Measure, MeasureOption]:
    return {o.measure: o for o in options}


def test_every_catalog_measure_in_order_with_its_provider_and_deadline() -> None:
    options = measure_options(item(VERIFY, SHARE, PLEDGE), "张三", [])
    assert [o.measure for o in options] == [Measure.VERIFY, Measure.SHARE, Measure.PLEDGE]
    assert all(o.allowed and o.in_catalog and not o.current for o in options)
    verify, share, pledge = options
    assert (verify.provider_name, verify.deadline_days, verify.one_click) == ("县公安局", 2, False)
    # a request always carries its deadline: the catalog's, else the default of 3 working days
    assert share.deadline_days == DEFAULT_DEADLINE_DAYS == 3 and share.one_click
    assert pledge.deadline_days is None and pledge.detail == "本人（张三）承诺无犯罪记录。"


def test_a_request_without_a_department_is_refused() -> None:
    (option,) = measure_options(item(MeasureView(Measure.SHARE)), "张三", [])
    assert not option.allowed
    assert option.reason == "目录未指定“无犯罪记录证明”的答复部门，暂不能发起数据查询。"
    assert option.deadline_days == 3


def test_the_credit_list_refuses_pledge_and_points_to_verification() -> None:
    options = by_measure(measure_options(item(VERIFY, PLEDGE), "张三", [LISTED]))
    pledge = options[Measure.PLEDGE]
    assert not pledge.allowed
    assert pledge.reason == (
        "申请人在失信名单中（虚假承诺，有效期至 2027-01-01），不能使用告知承诺，请改用部门核验。"
    )
    assert options[Measure.VERIFY].allowed
    assert Measure.RETAINED not in options  # verification remains: no fallback needed


def test_a_listed_applicant_without_verification_may_hand_in_the_certificate() -> None:
    options = measure_options(item(PLEDGE), "张三", [LISTED])
    pledge, retained = options
    assert not pledge.allowed and "没有部门核验方式" in pledge.reason
    assert retained.measure == Measure.RETAINED and retained.allowed
    assert not retained.in_catalog and retained.needs == "submitted"


def test_after_a_failed_answer_the_certificate_may_be_handed_in() -> None:
    options = measure_options(item(VERIFY, PLEDGE), "张三", [], failed=True, current=Measure.VERIFY)
    assert [o.measure for o in options] == [Measure.VERIFY, Measure.PLEDGE, Measure.RETAINED]
    assert options[0].current and not options[2].current
    assert options[2].reason == "核验未通过或无法确定，可由申请人提交证明原件。"
    # an item the catalog already keeps as retained gets no second one
    kept = measure_options(item(MeasureView(Measure.RETAINED)), "张三", [], failed=True)
    assert [(o.measure, o.in_catalog, o.needs) for o in kept] == [
        (Measure.RETAINED, True, "submitted")
    ]


@pytest.mark.parametrize(
    ("template", "text"),
    [
        ("本人承诺无犯罪记录。", "本人（王五）承诺无犯罪记录。"),
        ("本单位承诺场地合法。", "本单位（王五）承诺场地合法。"),
        ("{申请人}承诺属实。", "王五承诺属实。"),
        ("所述属实。", "承诺人：王五。所述属实。"),
        ("", "本人（王五）承诺：本人符合"),
    ],
)
def test_pledge_text_names_the_applicant(template: str, text: str) -> None:
    assert fill_pledge_text(template, "王五", "无犯罪记录证明").startswith(text)


def test_check_choice_says_what_is_missing() -> None:
    substitute = MeasureView(Measure.SUBSTITUTE, detail="结婚证")
    options = measure_options(
        item(substitute, MeasureView(Measure.OTHER), MeasureView(Measure.RETAINED)), "张三", []
    )

    def choose(
        measure: Measure, note: str = "", document: str = "", submitted: bool | None = None
    ) -> tuple[Measure, str]:
        option, seen = check_choice(
            "某证明", options, measure, note=note, document=document, submitted=submitted
        )
        return option.measure, seen

    assert choose(Measure.SUBSTITUTE) == (Measure.SUBSTITUTE, "结婚证")
    assert choose(Measure.SUBSTITUTE, document="户口簿") == (Measure.SUBSTITUTE, "户口簿")
    assert choose(Measure.RETAINED, submitted=False) == (Measure.RETAINED, "")
    with pytest.raises(UserError, match="不能采用“告知承诺”方式；可用的方式：替代、其他、保留"):
        choose(Measure.PLEDGE)
    with pytest.raises(UserError, match="请填写具体办理说明"):
        choose(Measure.OTHER)
    with pytest.raises(UserError, match="请填写申请人是否已提交该证明"):
        choose(Measure.RETAINED)
    with pytest.raises(UserError, match="只有“保留”方式需要填写"):
        choose(Measure.OTHER, note="现场查看", submitted=True)
    refused = measure_options(item(PLEDGE), "张三", [LISTED])
    with pytest.raises(UserError, match="失信名单"):
        check_choice("某证明", refused, Measure.PLEDGE, note="", document="", submitted=None)


def test_the_default_needs_no_one_only_when_cancelled_or_asked_of_a_department() -> None:
    def default_of(*measures: MeasureView, credit: tuple[CreditRecordView, ...] = ()) -> object:
        found = automatic_default(measure_options(item(*measures), "张三", credit))
        return found.measure if found is not None else None

    assert default_of(MeasureView(Measure.CANCEL), PLEDGE) == Measure.CANCEL
    assert default_of(SHARE, VERIFY) == Measure.SHARE
    assert default_of(VERIFY) == Measure.VERIFY
    # the applicant signs, the clerk checks a document or writes a note, or nothing is known
    assert default_of(PLEDGE, VERIFY) is None
    assert default_of(MeasureView(Measure.SUBSTITUTE, detail="户口簿")) is None
    assert default_of(MeasureView(Measure.OTHER, detail="现场核实")) is None
    assert default_of(MeasureView(Measure.RETAINED)) is None
    assert default_of(MeasureView(Measure.VERIFY)) is None  # no department: not allowed
    # on the credit list, pledge is refused: the default is the next allowed way
    assert default_of(PLEDGE, VERIFY, credit=(LISTED,)) == Measure.VERIFY
