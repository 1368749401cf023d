"""A synthetic catalog of any size, in the exchange format (for benchmarks and load tests).

Names are composed from realistic vocabularies (departments, matter objects and actions,
certificate facts), so search and lists behave as with a real register. The measure mix follows
Jinhua's published figures (seed 002): 21.25% cancelled; data query + verification 63.62%, of
which 41.9% answerable by one-click query; 1,497 of 4,052 by department verification; the rest by
pledge, substitute or other; a few retained. Every matter demands 0–4 certificate items.

A province is many counties with the same vocabulary: ``counties=K`` repeats one county's
catalog K times under different county names and codes (names repeat, codes differ).
"""

from __future__ import annotations

import random
from typing import Any

# Jinhua 2020 (seed 002): shares of the 4,052 certificate items
SHARE_CANCEL = 861 / 4052  # 21.25 %
SHARE_QUERY_OR_VERIFY = 0.6362
SHARE_VERIFY = 1497 / 4052
ONE_CLICK_OF_QUERY_OR_VERIFY = 1081 / 2578  # 41.9 %
RETAINED_PER_COUNTY = 4  # Hefeng kept 4
# the remainder: pledge / substitute / other
REST_SPLIT = (("pledge", 0.62), ("substitute", 0.23), ("other", 0.15))
LEVEL_SPLIT = (("county", 1762), ("township", 298), ("village", 66))  # Hefeng

MAX_TOTAL_ROWS = 2_000_000

# (abbreviation, name after the county, [(object, kind)]) — kind picks the actions
_P, _R, _B, _C, _S = "permit", "register", "benefit", "confirm", "service"
DEPARTMENT_VOCABULARY: list[tuple[str, str, list[tuple[str, str]]]] = [
    (
        "GAJ",
        "公安局",
        [
            ("户口迁移", _S),
            ("出生登记", _S),
            ("居住证", _S),
            ("户口注销", _S),
            ("公章刻制", _R),
            ("剧毒化学品购买", _P),
            ("大型群众性活动安全", _P),
            ("烟花爆竹道路运输", _P),
            ("旅馆业特种行业", _P),
            ("犬只", _R),
        ],
    ),
    (
        "MZJ",
        "民政局",
        [
            ("最低生活保障", _B),
            ("特困人员救助供养", _B),
            ("临时救助", _B),
            ("孤儿基本生活保障金", _B),
            ("高龄津贴", _B),
            ("惠民殡葬补贴", _B),
            ("养老机构", _R),
            ("社会团体", _R),
            ("民办非企业单位", _R),
            ("残疾人两项补贴", _B),
            ("婚姻登记", _S),
            ("经济困难老年人服务补贴", _B),
        ],
    ),
    (
        "RSJ",
        "人力资源和社会保障局",
        [
            ("失业保险金", _B),
            ("职工基本养老保险待遇", _B),
            ("工伤认定", _C),
            ("劳动能力鉴定", _C),
            ("就业困难人员", _C),
            ("创业担保贷款", _B),
            ("社会保险补贴", _B),
            ("特殊工时工作制", _C),
            ("劳务派遣经营", _P),
            ("人力资源服务", _P),
            ("城乡居民基本养老保险", _B),
            ("社会保障卡", _S),
            ("丧葬补助金和抚恤金", _B),
            ("职业技能提升补贴", _B),
        ],
    ),
    (
        "YBJ",
        "医疗保障局",
        [
            ("异地就医", _R),
            ("门诊慢特病待遇", _C),
            ("生育医疗费用", _B),
            ("生育津贴", _B),
            ("医疗救助", _B),
            ("城乡居民医疗保险参保", _R),
            ("职工医保个人账户", _S),
            ("定点医药机构", _C),
        ],
    ),
    (
        "ZJJ",
        "住房和城乡建设局",
        [
            ("公共租赁住房资格", _C),
            ("住房租赁补贴", _B),
            ("建筑工程施工许可证", _P),
            ("建筑业企业资质", _P),
            ("房地产开发企业资质", _P),
            ("商品房预售许可证", _P),
            ("燃气经营许可证", _P),
            ("农村危房改造补助", _B),
            ("建设工程消防验收", _C),
            ("物业服务企业", _R),
        ],
    ),
    (
        "SCJ",
        "市场监督管理局",
        [
            ("企业设立", _R),
            ("个体工商户", _R),
            ("食品经营许可证", _P),
            ("食品生产许可证", _P),
            ("药品零售企业许可证", _P),
            ("特种设备使用", _R),
            ("农民专业合作社", _R),
            ("计量器具型式", _C),
            ("广告发布", _R),
            ("小作坊", _R),
        ],
    ),
    (
        "WJJ",
        "卫生健康局",
        [
            ("出生医学证明", _S),
            ("预防接种证", _S),
            ("生育登记", _S),
            ("医疗机构执业许可证", _P),
            ("医师执业注册", _R),
            ("护士执业注册", _R),
            ("公共场所卫生许可证", _P),
            ("计划生育家庭奖励扶助金", _B),
            ("放射诊疗许可证", _P),
        ],
    ),
    (
        "JYJ",
        "教育局",
        [
            ("义务教育新生入学", _S),
            ("教师资格", _C),
            ("生源地信用助学贷款", _B),
            ("民办学校办学许可证", _P),
            ("校外培训机构", _P),
            ("学生资助", _B),
            ("转学", _S),
        ],
    ),
    (
        "ZRJ",
        "自然资源和规划局",
        [
            ("不动产首次", _R),
            ("不动产转移", _R),
            ("不动产继承", _R),
            ("抵押权", _R),
            ("建设用地规划许可证", _P),
            ("乡村建设规划许可证", _P),
            ("林木采伐许可证", _P),
            ("临时用地", _C),
            ("宅基地使用权", _R),
        ],
    ),
    (
        "NYJ",
        "农业农村局",
        [
            ("农机购置补贴", _B),
            ("动物防疫条件合格证", _P),
            ("农药经营许可证", _P),
            ("兽药经营许可证", _P),
            ("耕地地力保护补贴", _B),
            ("家庭农场", _R),
            ("渔业捕捞许可证", _P),
            ("种子生产经营许可证", _P),
        ],
    ),
    (
        "TYJ",
        "退役军人事务局",
        [
            ("退役军人优待证", _S),
            ("老年生活补助", _B),
            ("伤残抚恤", _B),
            ("自主就业一次性经济补助", _B),
            ("烈士遗属定期抚恤金", _B),
        ],
    ),
    (
        "CL",
        "残疾人联合会",
        [
            ("残疾人证", _S),
            ("辅助器具适配补贴", _B),
            ("残疾人就业创业补贴", _B),
            ("残疾儿童康复救助", _B),
        ],
    ),
    ("SFJ", "司法局", [("法律援助", _S), ("基层法律服务工作者执业", _R), ("人民调解员补贴", _B)]),
    (
        "SWJ",
        "税务局",
        [
            ("契税减免", _C),
            ("发票领用", _S),
            ("税务注销", _R),
            ("城乡居民医疗保险费缴纳", _S),
            ("个人所得税减免", _C),
        ],
    ),
    (
        "GJJ",
        "住房公积金管理中心",
        [("住房公积金提取", _B), ("住房公积金贷款", _B), ("住房公积金单位缴存", _R)],
    ),
    (
        "JTJ",
        "交通运输局",
        [
            ("道路运输经营许可证", _P),
            ("道路运输从业资格证", _P),
            ("网络预约出租汽车驾驶员证", _P),
            ("超限运输车辆行驶公路", _P),
            ("机动车维修经营", _R),
        ],
    ),
    (
        "SLJ",
        "水利局",
        [("取水许可", _P), ("河道管理范围内建设项目", _P), ("生产建设项目水土保持方案", _C)],
    ),
    (
        "STJ",
        "生态环境分局",
        [("排污许可证", _P), ("建设项目环境影响评价文件", _C), ("危险废物经营许可证", _P)],
    ),
    (
        "WGL",
        "文化广电旅游体育局",
        [
            ("娱乐场所经营", _P),
            ("互联网上网服务营业场所", _P),
            ("旅行社设立", _P),
            ("高危险性体育项目经营", _P),
        ],
    ),
    (
        "YJJ",
        "应急管理局",
        [("危险化学品经营许可证", _P), ("烟花爆竹经营许可证", _P), ("非煤矿山安全生产", _C)],
    ),
    ("FGJ", "发展和改革局", [("企业投资项目", _R), ("粮食收购", _R)]),
    ("MZZ", "民族宗教事务局", [("宗教活动场所", _R), ("少数民族学生资助", _B)]),
]
ACTIONS: dict[str, list[str]] = {
    _P: ["核发", "新办", "变更", "延续", "注销", "补办", "换证"],
    _R: ["登记", "设立登记", "变更登记", "注销登记", "备案", "备案变更"],
    _B: ["申领", "申请", "资格认定", "待遇核定", "停发", "恢复发放", "资格复核"],
    _C: ["认定", "审批", "确认", "复核", "撤销"],
    _S: ["办理", "申请", "变更", "补办", "注销"],
}
# a vocabulary smaller than the catalog repeats with these (Jinhua-style finer-grained matters)
QUALIFIERS = ["", "（告知承诺制）", "（跨区域通办）", "（首次办理）", "（容缺受理）", "（即办件）"]
LEVEL_SUFFIX = {"county": "", "township": "（乡镇受理）", "village": "（村级代办）"}

# (fact, subjects group, issuer, provider abbreviation, legal basis)
_PERSON = ["", "本人", "配偶", "父母", "子女", "家庭成员", "申请人", "监护人", "户主"]
_UNIT = ["", "企业", "申请单位", "法定代表人"]
_PLACE = ["", "房屋", "经营场所", "住所"]
FACTS: list[tuple[str, list[str], str, str, str]] = [
    ("户籍", _PERSON, "户籍所在地派出所", "GAJ", "《中华人民共和国户口登记条例》第三条"),
    ("婚姻状况", _PERSON, "村（居）民委员会", "MZJ", "《婚姻登记条例》第五条"),
    ("家庭经济状况", ["", "家庭", "申请人家庭"], "民政部门", "MZJ", "《社会救助暂行办法》第十一条"),
    ("收入", _PERSON, "用人单位、村（居）民委员会", "MZJ", "《社会救助暂行办法》第九条"),
    (
        "社会保险参保缴费",
        _PERSON + _UNIT,
        "社会保险经办机构",
        "RSJ",
        "《中华人民共和国社会保险法》第十条",
    ),
    ("就业失业状态", _PERSON, "公共就业服务机构", "RSJ", "《就业服务与就业管理规定》第六十三条"),
    ("医疗保险参保", _PERSON, "医疗保障经办机构", "YBJ", "《中华人民共和国社会保险法》第二十三条"),
    ("不动产权属", _PLACE, "不动产登记机构", "ZRJ", "《不动产登记暂行条例》第十六条"),
    ("无房", _PERSON, "不动产登记机构", "ZRJ", "《住房公积金管理条例》第二十四条"),
    ("住房情况", _PERSON, "住房和城乡建设部门", "ZJJ", "《公共租赁住房管理办法》第七条"),
    (
        "登记注册信息",
        _UNIT,
        "市场监督管理部门",
        "SCJ",
        "《中华人民共和国市场主体登记管理条例》第十六条",
    ),
    ("纳税情况", _UNIT + _PERSON, "税务机关", "SWJ", "《中华人民共和国税收征收管理法》"),
    ("出生医学", ["新生儿"], "助产医疗机构", "WJJ", "《中华人民共和国母婴保健法》第二十三条"),
    ("死亡", ["", "逝者", "被继承人"], "医疗卫生机构、派出所", "WJJ", "《殡葬管理条例》第十条"),
    (
        "健康状况",
        [*_PERSON, "从业人员"],
        "医疗卫生机构",
        "WJJ",
        "《中华人民共和国食品安全法》第四十五条",
    ),
    ("学历", _PERSON, "毕业学校", "JYJ", "《教师资格条例》第十一条"),
    ("在校就读", ["", "子女", "学生"], "就读学校", "JYJ", "《中华人民共和国义务教育法》第十二条"),
    ("退役", ["", "本人", "退役军人"], "退役军人事务部门", "TYJ", "《退役军人保障法》第六十二条"),
    ("残疾等级", _PERSON, "残疾人联合会", "CL", "《中华人民共和国残疾人保障法》"),
    (
        "无犯罪记录",
        [*_PERSON, "法定代表人", "从业人员"],
        "公安机关",
        "GAJ",
        "《中华人民共和国治安管理处罚法》",
    ),
    (
        "机动车登记",
        _PERSON + _UNIT,
        "公安交通管理部门",
        "GAJ",
        "《中华人民共和国道路交通安全法》第八条",
    ),
    (
        "亲属关系",
        ["", "申请人与逝者", "申请人与被继承人"],
        "派出所、村（居）民委员会",
        "GAJ",
        "《不动产登记暂行条例实施细则》",
    ),
    ("土地承包经营权", ["", "农户"], "乡镇人民政府", "NYJ", "《中华人民共和国农村土地承包法》"),
    ("宅基地批准", ["", "农户"], "乡镇人民政府", "ZRJ", "《中华人民共和国土地管理法》第六十二条"),
    ("实际居住", _PERSON, "村（居）民委员会", "GAJ", "《居住证暂行条例》第九条"),
    ("火化", ["", "逝者"], "殡仪馆", "MZJ", "《殡葬管理条例》第十条"),
    ("低保对象身份", ["", "家庭", "申请人"], "民政部门", "MZJ", "《社会救助暂行办法》"),
    ("独生子女", ["", "家庭"], "卫生健康部门", "WJJ", "《中华人民共和国人口与计划生育法》"),
    (
        "住房公积金缴存",
        _PERSON + _UNIT,
        "住房公积金管理中心",
        "GJJ",
        "《住房公积金管理条例》第十五条",
    ),
    ("无重大违法记录", _UNIT, "行政执法部门", "SCJ", "《企业信息公示暂行条例》"),
    ("安全生产条件", _UNIT, "应急管理部门", "YJJ", "《安全生产许可证条例》第六条"),
    ("环境影响", ["", "建设项目"], "生态环境部门", "STJ", "《中华人民共和国环境影响评价法》"),
    ("取水情况", _UNIT, "水行政主管部门", "SLJ", "《取水许可和水资源费征收管理条例》"),
    ("消防安全", _PLACE + _UNIT, "消防救援机构", "ZJJ", "《中华人民共和国消防法》第十五条"),
    ("劳动关系", _PERSON, "用人单位", "RSJ", "《工伤保险条例》第十八条"),
    ("生存状态", _PERSON, "村（居）民委员会", "RSJ", "《中华人民共和国社会保险法》"),
]
MATERIALS = {
    "person": ["申请人居民身份证", "居民户口簿", "社会保障卡", "近期免冠照片"],
    "enterprise": ["营业执照", "法定代表人居民身份证", "经办人居民身份证", "授权委托书"],
}
STEPS = {
    _P: ["申请", "受理", "审查", "现场核查", "决定", "发证"],
    _R: ["申请", "受理", "审核", "登记", "办结"],
    _B: ["申请", "受理", "审核", "公示", "审批", "发放"],
    _C: ["申请", "受理", "调查核实", "认定", "送达"],
    _S: ["申请", "受理", "办理", "办结"],
}
BUNDLE_NAMES = [
    "新生儿出生一件事",
    "退休一件事",
    "逝者身后一件事",
    "企业开办一件事",
    "不动产登记一件事",
    "退役军人服务一件事",
]
_COUNTY_FIRST = "东西南北金银青白云安永长平清华乐宁丰兴新广德泰嘉"
_COUNTY_SECOND = "溪山川阳江源城岭水河林州台宁和峰丘浦"
_TOWNS = ["城关", "东岭", "下坪", "石门", "桥头", "龙潭", "白沙", "新塘", "清河", "太平"]
_VILLAGES = ["红星", "三家台", "柳树湾", "上庄", "中心", "杨家坪", "王家湾", "石桥"]


def county_names(count: int) -> list[str]:
    """``count`` distinct county names (``金溪县``…), the same for the same count."""
    names = [f"{a}{b}县" for a in _COUNTY_FIRST for b in _COUNTY_SECOND if a != b]
    if count > len(names):
        names += [f"第{i}示范县" for i in range(count - len(names))]
    return names[:count]


def _quotas(total: int) -> list[str]:
    """Primary measures for ``total`` items in Jinhua's proportions, unshuffled."""
    retained = min(RETAINED_PER_COUNTY, total // 100)
    cancel = round(total * SHARE_CANCEL)
    query_or_verify = round(total * SHARE_QUERY_OR_VERIFY)
    verify = min(query_or_verify, round(total * SHARE_VERIFY))
    share = query_or_verify - verify
    rest = max(0, total - cancel - query_or_verify - retained)
    split: list[str] = []
    for measure, fraction in REST_SPLIT[:-1]:
        split += [measure] * round(rest * fraction)
    split += [REST_SPLIT[-1][0]] * (rest - len(split))
    measures = (
        ["cancel"] * cancel
        + ["share"] * share
        + ["verify"] * verify
        + split
        + ["retained"] * retained
    )
    return measures[:total] + ["cancel"] * (total - len(measures))


def _template(matters: int, items: int, rng: random.Random) -> dict[str, Any]:
    """One county's catalog with placeholders for codes and the county name."""
    # matters: (department abbreviation, name, level, kind)
    combos = [
        (abbr, f"{obj}{action}", kind)
        for abbr, _name, objects in DEPARTMENT_VOCABULARY
        for obj, kind in objects
        for action in ACTIONS[kind]
    ]
    rng.shuffle(combos)
    level_total = sum(n for _l, n in LEVEL_SPLIT)
    levels: list[str] = []
    for level, n in LEVEL_SPLIT:
        levels += [level] * round(matters * n / level_total)
    levels = (levels + ["county"] * matters)[:matters]
    rng.shuffle(levels)
    matter_rows: list[dict[str, Any]] = []
    for i in range(matters):
        abbr, name, kind = combos[i % len(combos)]
        level = levels[i]
        qualifier = QUALIFIERS[(i // len(combos)) % len(QUALIFIERS)]
        matter_rows.append(
            {
                "abbr": abbr,
                "name": name + qualifier + LEVEL_SUFFIX[level],
                "level": level,
                "kind": kind,
            }
        )

    # items
    measures = _quotas(items)
    rng.shuffle(measures)
    qv = [i for i, m in enumerate(measures) if m in ("share", "verify")]
    one_click_total = round(len(qv) * ONE_CLICK_OF_QUERY_OR_VERIFY)
    share_idx = [i for i in qv if measures[i] == "share"]
    one_click = set(share_idx[:one_click_total])
    item_rows: list[dict[str, Any]] = []
    for i in range(items):
        fact, subjects, issuer, provider, basis = FACTS[rng.randrange(len(FACTS))]
        subject = subjects[rng.randrange(len(subjects))]
        item_rows.append(
            {
                "name": f"{subject}{fact}证明",
                "fact": f"{subject}{fact}",
                "issuer": issuer,
                "provider": provider,
                "basis": basis,
                "measure": measures[i],
                "one_click": i in one_click,
                "second": rng.random() < 0.3,
            }
        )

    # each item demanded by at least one matter; each matter 0–4 items
    links: list[list[int]] = [[] for _ in range(matters)]
    if matters:
        order = list(range(items))
        rng.shuffle(order)
        for n, item_index in enumerate(order):
            target = n % matters
            for _ in range(8):
                if len(links[target]) < 4:
                    break
                target = rng.randrange(matters)
            if len(links[target]) < 4:
                links[target].append(item_index)
        for row in links:
            want = rng.choice((0, 1, 1, 2, 2, 2, 3, 3, 4))
            while len(row) < want:
                candidate = rng.randrange(items) if items else -1
                if candidate < 0:
                    break
                if candidate not in row:
                    row.append(candidate)
    bundles = []
    if matters >= 9:
        for b, name in enumerate(BUNDLE_NAMES):
            size = 9 if b == 0 else rng.randint(3, 6)
            bundles.append({"name": name, "matters": rng.sample(range(matters), size)})
    return {"matters": matter_rows, "items": item_rows, "links": links, "bundles": bundles}


def _measure_list(row: dict[str, Any], cc: str) -> list[dict[str, Any]]:
    provider = f"{cc}-{row['provider']}"
    fact = row["fact"]

    def m(measure: str, detail: str = "", prov: str | None = None, **kw: Any) -> dict[str, Any]:
        return {
            "measure": measure,
            "detail": detail,
            "provider": prov,
            "one_click": bool(kw.get("one_click", False)),
            "deadline_days": kw.get("deadline_days"),
        }

    pledge_text = f"本人承诺：所申报的{fact}情况真实、准确、完整，如有不实，愿意承担相应法律责任。"
    first = row["measure"]
    if first == "cancel":
        return [m("cancel")]
    if first == "share":
        out = [m("share", prov=provider, one_click=row["one_click"], deadline_days=1)]
        if row["second"]:
            out.append(m("verify", prov=provider, deadline_days=3))
        return out
    if first == "verify":
        out = [m("verify", prov=provider, deadline_days=3)]
        if row["second"]:
            out.append(m("pledge", pledge_text))
        return out
    if first == "pledge":
        out = [m("pledge", pledge_text)]
        if row["second"]:
            out.append(m("verify", prov=provider, deadline_days=5))
        return out
    if first == "substitute":
        return [m("substitute", "申请人持有的相关证照（如居民身份证、户口簿、不动产权证书）")]
    if first == "other":
        return [m("other", "由受理部门工作人员实地核查或调阅档案核实，不再要求申请人开具证明。")]
    return [m("retained", "相关数据暂未共享，仍需申请人提交。")]


def generate_catalog_document(
    matters: int = 2729, items: int = 4052, *, seed: int = 1, counties: int = 1
) -> dict[str, Any]:
    """A catalog document of ``counties`` × (``matters`` matters, ``items`` items)."""
    for value, label in ((matters, "matters"), (items, "items"), (counties, "counties")):
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ValueError(f"{label} must be a non-negative integer")
    if counties < 1:
        raise ValueError("counties must be at least 1")
    if (matters + items) * counties > MAX_TOTAL_ROWS:
        raise ValueError(f"at most {MAX_TOTAL_ROWS} matters and items in all")
    rng = random.Random(seed)
    tpl = _template(matters, items, rng)
    departments: list[dict[str, Any]] = []
    out_items: list[dict[str, Any]] = []
    out_matters: list[dict[str, Any]] = []
    out_bundles: list[dict[str, Any]] = []
    names = county_names(counties)
    towns = _TOWNS
    for k, county in enumerate(names):
        cc = f"{339001 + k}"
        for abbr, dept_name, _objects in DEPARTMENT_VOCABULARY:
            prefix = "国家税务总局" if abbr == "SWJ" else ""
            departments.append(
                {"code": f"{cc}-{abbr}", "name": f"{prefix}{county}{dept_name}", "level": "county"}
            )
        for t, town in enumerate(towns):
            departments.append(
                {"code": f"{cc}-T{t:02d}", "name": f"{town}镇人民政府", "level": "township"}
            )
        for v, village in enumerate(_VILLAGES):
            departments.append(
                {
                    "code": f"{cc}-V{v:02d}",
                    "name": f"{towns[v % len(towns)]}镇{village}村村民委员会",
                    "level": "village",
                }
            )
        item_codes = [f"{cc}-C{i + 1:05d}" for i in range(items)]
        for i, row in enumerate(tpl["items"]):
            out_items.append(
                {
                    "code": item_codes[i],
                    "name": row["name"],
                    "issuer": row["issuer"],
                    "legal_basis": row["basis"],
                    "measures": _measure_list(row, cc),
                }
            )
        matter_codes = [f"{cc}-M{i + 1:05d}" for i in range(matters)]
        for i, row in enumerate(tpl["matters"]):
            level = row["level"]
            if level == "township":
                dept = f"{cc}-T{i % len(towns):02d}"
                where = f"{towns[i % len(towns)]}镇便民服务中心"
            elif level == "village":
                dept = f"{cc}-V{i % len(_VILLAGES):02d}"
                where = f"{_VILLAGES[i % len(_VILLAGES)]}村便民服务代办点"
            else:
                dept = f"{cc}-{row['abbr']}"
                where = f"{county}政务服务中心"
            kind = row["kind"]
            enterprise = kind in (_P,) or row["name"].startswith(("企业", "建筑", "房地产"))
            legal = (5, 10, 15, 20, 30)[i % 5]
            out_matters.append(
                {
                    "code": matter_codes[i],
                    "name": row["name"],
                    "department": dept,
                    "level": level,
                    "applicant_kind": "enterprise" if enterprise else "person",
                    "legal_limit_days": legal,
                    "promised_limit_days": max(1, legal // 3),
                    "fee": "不收费",
                    "where": where,
                    "hours": "工作日 上午9:00-12:00，下午13:30-17:30",
                    "steps": STEPS[kind],
                    "materials": MATERIALS["enterprise" if enterprise else "person"][:2],
                    "items": [item_codes[j] for j in tpl["links"][i]],
                }
            )
        for b, bundle in enumerate(tpl["bundles"]):
            out_bundles.append(
                {
                    "code": f"{cc}-B{b + 1:02d}",
                    "name": bundle["name"],
                    "description": f"{county}{bundle['name']}：多个事项一次申请、联合办理。",
                    "matters": [matter_codes[j] for j in bundle["matters"]],
                }
            )
    return {
        "format": "wuzheng-catalog",
        "format_version": 1,
        "catalog": {
            "version": f"synthetic-{seed}-{counties}x{matters}x{items}",
            "published_at": "2026-11-01",
            "sample": True,
            "source": f"合成测试目录（{counties} 个县，每县 {matters} 个事项、{items} 项证明），"
            "名称由词表组合生成，措施比例参照金华公开数据，不是真实目录。",
        },
        "departments": sorted(departments, key=lambda d: d["code"]),
        "certificate_items": out_items,  # already in code order
        "matters": out_matters,
        "bundles": out_bundles,
    }


__all__ = ["county_names", "generate_catalog_document"]
