"""Build resources/sample_catalog.json: the built-in sample catalog of a fictional county.

The catalog follows docs/catalog-format.md. Its matters, certificates and measures are drawn
from the Jinhua, Haishu and Hefeng documents in the seeds (public-rental housing with its four
certificates, the survivor pension decided on two pledges, the working-hours approval, the
newborn bundle of nine matters, a business licence on an ID card and a pledge); the county
(示范县), its townships and villages are invented. Run:

    .venv/bin/python tools/build_sample_catalog.py [-o resources/sample_catalog.json]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

COUNTY = "示范县"
HOURS = "工作日 上午9:00-12:00，下午13:30-17:30（法定节假日除外）"
HOURS_TOWNSHIP = "工作日 上午8:30-12:00，下午14:00-17:30"
HOURS_VILLAGE = "工作日 上午8:30-11:30，下午14:30-17:00（村干部轮流坐班）"
HALL = f"{COUNTY}政务服务中心"

# --------------------------------------------------------------------------- departments

DEPARTMENTS: list[tuple[str, str, str, str]] = [
    # code, name, level, service window (where)
    ("SFX-GAJ", f"{COUNTY}公安局", "county", f"{HALL}一楼公安户政窗口"),
    ("SFX-MZJ", f"{COUNTY}民政局", "county", f"{HALL}二楼民政窗口"),
    ("SFX-RSJ", f"{COUNTY}人力资源和社会保障局", "county", f"{HALL}二楼人社窗口"),
    ("SFX-YBJ", f"{COUNTY}医疗保障局", "county", f"{HALL}二楼医保窗口"),
    ("SFX-ZJJ", f"{COUNTY}住房和城乡建设局", "county", f"{HALL}三楼住建窗口"),
    ("SFX-SCJ", f"{COUNTY}市场监督管理局", "county", f"{HALL}一楼企业开办专区"),
    ("SFX-WJJ", f"{COUNTY}卫生健康局", "county", f"{HALL}三楼卫健窗口"),
    ("SFX-JYJ", f"{COUNTY}教育局", "county", f"{HALL}三楼教育窗口"),
    ("SFX-ZRJ", f"{COUNTY}自然资源和规划局", "county", f"{HALL}一楼不动产登记窗口"),
    ("SFX-NYJ", f"{COUNTY}农业农村局", "county", f"{HALL}三楼农业农村窗口"),
    ("SFX-TYJ", f"{COUNTY}退役军人事务局", "county", f"{HALL}二楼退役军人服务窗口"),
    ("SFX-CL", f"{COUNTY}残疾人联合会", "county", f"{HALL}二楼残联窗口"),
    ("SFX-SFJ", f"{COUNTY}司法局", "county", f"{COUNTY}公共法律服务中心"),
    ("SFX-SWJ", f"国家税务总局{COUNTY}税务局", "county", f"{HALL}一楼税务窗口"),
    ("SFX-GJJ", f"{COUNTY}住房公积金管理中心", "county", f"{HALL}三楼公积金窗口"),
    ("SFX-JTJ", f"{COUNTY}交通运输局", "county", f"{HALL}三楼交通运输窗口"),
    ("SFX-CGZ", "城关镇人民政府", "township", "城关镇便民服务中心"),
    ("SFX-XPX", "下坪乡人民政府", "township", "下坪乡便民服务中心"),
    ("SFX-HXSQ", "城关镇红星社区居民委员会", "village", "红星社区党群服务中心代办点"),
    ("SFX-SJTC", "下坪乡三家台村村民委员会", "village", "三家台村便民服务代办点"),
]
DEPT = {code: (name, level, where) for code, name, level, where in DEPARTMENTS}

# --------------------------------------------------------------------------- measures


def _m(
    measure: str,
    detail: str = "",
    provider: str | None = None,
    one_click: bool = False,
    deadline_days: int | None = None,
) -> dict[str, Any]:
    if provider is not None and provider not in DEPT:
        raise ValueError(f"unknown provider {provider}")
    return {
        "measure": measure,
        "detail": detail,
        "provider": provider,
        "one_click": one_click,
        "deadline_days": deadline_days,
    }


def cancel() -> dict[str, Any]:
    return _m("cancel")


def share(provider: str, one_click: bool = True) -> dict[str, Any]:
    return _m("share", provider=provider, one_click=one_click, deadline_days=1)


def verify(provider: str, days: int = 3) -> dict[str, Any]:
    return _m("verify", provider=provider, deadline_days=days)


def sub(document: str) -> dict[str, Any]:
    return _m("substitute", detail=document)


def pledge(text: str) -> dict[str, Any]:
    if not text.startswith("本人承诺") and not text.startswith("本单位承诺"):
        raise ValueError(text)
    return _m("pledge", detail=text)


def other(text: str) -> dict[str, Any]:
    return _m("other", detail=text)


def retained(reason: str) -> dict[str, Any]:
    return _m("retained", detail=reason)


# --------------------------------------------------------------------------- items

ITEMS: dict[str, dict[str, Any]] = {}  # key -> item (code assigned in creation order)


def item(key: str, name: str, issuer: str, basis: str, *measures: dict[str, Any]) -> str:
    """Declare a certificate item once; later uses pass only the key (``use(key)``)."""
    if key in ITEMS:
        raise ValueError(f"duplicate item {key}")
    ITEMS[key] = {
        "code": f"C{len(ITEMS) + 1:04d}",
        "name": name,
        "issuer": issuer,
        "legal_basis": basis,
        "measures": list(measures),
    }
    return key


def use(key: str) -> str:
    if key not in ITEMS:
        raise KeyError(key)
    return key


# Legal bases used more than once
L_GZF = "《公共租赁住房管理办法》（住房和城乡建设部令第11号）第七条、第八条"
L_SHJZ = "《社会救助暂行办法》（国务院令第649号）第十一条"
L_DIBAO = "《最低生活保障审核确认办法》（民发〔2021〕57号）第七条"
L_TEKUN = "《特困人员认定办法》（民发〔2021〕43号）第十一条"
L_SBF = "《中华人民共和国社会保险法》第十七条"
L_SBF16 = "《中华人民共和国社会保险法》第十六条"
L_HKDJ = "《中华人民共和国户口登记条例》第七条"
L_MYBJ = "《中华人民共和国母婴保健法》第二十三条"
L_YMGL = "《中华人民共和国疫苗管理法》第四十七条"
L_SCZT = "《中华人民共和国市场主体登记管理条例》（国务院令第746号）第十六条"
L_SCZT_XZ = "《中华人民共和国市场主体登记管理条例实施细则》（国家市场监督管理总局令第52号）"
L_BDC = "《不动产登记暂行条例实施细则》（国土资源部令第63号）"
L_BDC_TL = "《不动产登记暂行条例》（国务院令第656号）第十六条"
L_GJJ = "《住房公积金管理条例》（国务院令第350号）第二十四条"
L_GSBX = "《工伤保险条例》（国务院令第586号修订）第十八条"
L_SYBX = "《失业保险条例》（国务院令第258号）第十四条、第十六条"
L_TDGL = "《中华人民共和国土地管理法》第六十二条"
L_CJBT = (
    "《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》（国发〔2015〕52号）"
)
L_LSJZ = "《国务院关于全面建立临时救助制度的通知》（国发〔2014〕47号）"
L_YBXX = "《城乡居民基本医疗保险经办规程》（医保办发〔2023〕）"
L_SYBXDY = "《中华人民共和国社会保险法》第五十四条"
L_YWJY = "《中华人民共和国义务教育法》第十二条"
L_WDYZ = "无法律法规依据（原由地方规范性文件设定，已清理）"

P_MARRIAGE = (
    "本人承诺：本人与逝者生前系合法夫妻关系，婚姻关系存续至其死亡之日，未曾离婚；以上情况真实无误。"
)
P_NO_INCOME = (
    "本人承诺：本人目前无工作单位、无固定经济收入，未领取基本养老金或其他定期生活待遇；"
    "以上情况真实无误，如情况发生变化将及时告知经办机构。"
)
P_ADDRESS = (
    "本人承诺：所填报的住所（经营场所）真实存在，本人（本企业）依法享有使用权，"
    "该场所符合法律法规规定的用途，不存在虚假填报情形。"
)
P_KINSHIP = (
    "本人承诺：本人与被继承人（逝者）之间的亲属关系如申请表所填，真实无误，"
    "不存在其他遗漏的法定继承人。"
)
P_POOR = "本人承诺：本人家庭经济困难情况如申请表所填，收入、财产情况真实完整，无隐瞒、虚报。"

# --------------------------------------------------------------------------- items by area

# Public rental housing (seed 001): the four certificates, by data query and verification
item(
    "jtjj",
    "家庭经济状况审核证明",
    f"{COUNTY}民政局（居民家庭经济状况核对中心）",
    L_GZF,
    share("SFX-MZJ"),
    verify("SFX-MZJ", 3),
)
item(
    "sbjn",
    "社会保险缴纳证明",
    f"{COUNTY}人力资源和社会保障局（社会保险经办机构）",
    L_GZF,
    share("SFX-RSJ"),
)
item(
    "zjdpj",
    "宅基地批建及住房情况证明",
    "户籍所在地乡镇人民政府、" + f"{COUNTY}自然资源和规划局",
    L_GZF,
    verify("SFX-ZRJ", 3),
)
item(
    "clqk",
    "有无机动车辆情况证明",
    f"{COUNTY}公安局交通管理大队",
    L_GZF,
    share("SFX-GAJ", one_click=False),
    verify("SFX-GAJ", 3),
)
# Survivor pension (seed 001): two pledges, verification as the fallback
item(
    "fqgx",
    "夫妻关系证明",
    "户籍所在地乡镇人民政府、村（居）民委员会",
    L_SBF,
    pledge(P_MARRIAGE),
    share("SFX-MZJ", one_click=True),
)
item(
    "wjjsr",
    "无经济收入证明",
    "户籍所在地乡镇人民政府、村（居）民委员会",
    "《关于企业职工因病或非因工死亡后遗属待遇有关问题的通知》（劳险字〔1990〕11号）",
    pledge(P_NO_INCOME),
    verify("SFX-CGZ", 5),
)
item(
    "swzm",
    "死亡医学证明",
    "医疗卫生机构",
    "《国家卫生健康委 公安部 民政部关于进一步规范人口死亡医学证明和信息登记管理工作的通知》"
    "（国卫规划发〔2013〕57号）",
    share("SFX-WJJ"),
    verify("SFX-WJJ", 2),
)
item(
    "hhzm",
    "遗体火化证明",
    f"{COUNTY}殡仪馆",
    "《殡葬管理条例》（国务院令第225号）第十条",
    share("SFX-MZJ"),
)
item(
    "qsgx",
    "亲属关系证明",
    "户籍所在地派出所、村（居）民委员会",
    L_BDC,
    share("SFX-GAJ"),
    pledge(P_KINSHIP),
)
item(
    "hjzm",
    "户籍证明",
    "户籍所在地派出所",
    "《中华人民共和国户口登记条例》第三条",
    share("SFX-GAJ"),
    sub("居民户口簿"),
)
item(
    "hyzk",
    "婚姻状况证明",
    "户籍所在地村（居）民委员会、乡镇人民政府",
    L_BDC,
    share("SFX-MZJ"),
    pledge("本人承诺：本人目前的婚姻状况与申请表所填一致（未婚 / 已婚 / 离异 / 丧偶），真实无误。"),
)
# Newborn bundle (Hefeng: 9 matters, one form)
item(
    "csyx",
    "出生医学证明",
    "助产医疗机构",
    L_MYBJ,
    share("SFX-WJJ"),
    sub("《出生医学证明》纸质证件"),
)
item(
    "fmhj",
    "新生儿父母户籍证明",
    "户籍所在地派出所",
    L_HKDJ,
    share("SFX-GAJ"),
)
item(
    "jhsy",
    "计划生育情况证明",
    "户籍所在地乡镇人民政府、村（居）民委员会",
    L_WDYZ,
    cancel(),
)
item(
    "xsehj",
    "新生儿户籍证明",
    "户籍所在地派出所",
    "《城乡居民基本医疗保险经办规程》（医保办发〔2023〕）",
    share("SFX-GAJ"),
)
item(
    "sydj",
    "生育登记情况证明",
    f"{COUNTY}卫生健康局",
    "《中华人民共和国人口与计划生育法》",
    share("SFX-WJJ"),
)
item(
    "sycb",
    "生育保险参保缴费证明",
    f"{COUNTY}医疗保障局",
    L_SYBXDY,
    share("SFX-YBJ"),
)
item(
    "zzzm",
    "在职证明（用人单位出具）",
    "用人单位",
    L_SYBXDY,
    share("SFX-RSJ"),
    sub("劳动合同"),
)
item(
    "jyjz",
    "新生儿预防接种建档证明",
    "接种单位",
    L_YMGL,
    cancel(),
)
item(
    "zfqk_xse",
    "新生儿家庭住址证明",
    "村（居）民委员会",
    L_WDYZ,
    cancel(),
)
# Business start (Hefeng: an ID card and a pledge; Jinhua: a false address found by spot-check)
item(
    "zscs",
    "住所（经营场所）使用证明",
    "产权人、村（居）民委员会、房屋管理部门",
    L_SCZT,
    pledge(P_ADDRESS),
    share("SFX-ZRJ"),
    verify("SFX-ZRJ", 3),
)
item(
    "fddb",
    "法定代表人任职资格证明",
    "原工作单位、户籍所在地派出所",
    L_SCZT_XZ,
    pledge(
        "本人承诺：本人不存在法律、行政法规规定不得担任法定代表人的情形，未被列为失信被执行人。"
    ),
    share("SFX-SCJ", one_click=False),
)
item(
    "mchz",
    "企业名称预先核准证明",
    f"{COUNTY}市场监督管理局",
    "原《企业名称登记管理规定》（已修订，名称改为自主申报）",
    cancel(),
)
item(
    "zczj",
    "注册资本到位证明（验资证明）",
    "会计师事务所",
    "《中华人民共和国公司法》（注册资本认缴登记制，不再要求验资）",
    cancel(),
)
item(
    "qszm",
    "清税证明",
    f"国家税务总局{COUNTY}税务局",
    "《中华人民共和国市场主体登记管理条例》（国务院令第746号）第三十二条",
    share("SFX-SWJ"),
)
item(
    "jkzm",
    "从业人员健康证明",
    "具备体检资质的医疗卫生机构",
    "《中华人民共和国食品安全法》第四十五条",
    share("SFX-WJJ"),
    sub("本人持有的有效健康证"),
)
item(
    "spaq",
    "食品安全管理人员培训考核合格证明",
    "食品安全管理人员培训机构",
    "《食品经营许可和备案管理办法》（国家市场监督管理总局令第78号）",
    pledge(
        "本单位承诺：已配备经培训考核合格的食品安全管理人员，"
        "并建立从业人员健康管理、进货查验等食品安全管理制度。"
    ),
)
item(
    "xfaq",
    "消防安全检查合格证明",
    f"{COUNTY}消防救援大队",
    "《中华人民共和国消防法》第十五条",
    pledge(
        "本单位承诺：场所符合消防技术标准和管理规定，已落实消防安全责任制，接受消防救援机构的检查。"
    ),
    verify("SFX-ZJJ", 5),
)
item(
    "gzba",
    "印章刻制备案证明",
    f"{COUNTY}公安局",
    L_WDYZ,
    cancel(),
)
# Working-hours approval (seed 001)
item(
    "qysb",
    "企业社会保险参保缴费证明",
    f"{COUNTY}人力资源和社会保障局（社会保险经办机构）",
    "《关于企业实行不定时工作制和综合计算工时工作制的审批办法》（劳部发〔1994〕503号）",
    share("SFX-RSJ"),
)
item(
    "wqx",
    "企业无重大劳动保障违法行为证明",
    f"{COUNTY}人力资源和社会保障局（劳动保障监察机构）",
    "《中华人民共和国劳动法》第三十九条",
    share("SFX-RSJ"),
)
item(
    "ghyj",
    "工会或职工代表同意实行特殊工时制度的证明",
    "企业工会",
    "《关于企业实行不定时工作制和综合计算工时工作制的审批办法》（劳部发〔1994〕503号）第六条",
    other("由企业在申请表中如实填写听取工会和职工意见的情况，不再另行出具证明。"),
)

# Social assistance (civil affairs)
item(
    "jtsr",
    "家庭收入证明",
    "用人单位、村（居）民委员会",
    L_DIBAO,
    share("SFX-MZJ"),
    pledge(P_POOR),
)
item(
    "wysy",
    "无业或失业证明",
    "户籍所在地村（居）民委员会",
    L_SHJZ,
    share("SFX-RSJ"),
)
item(
    "cjzk",
    "残疾状况证明",
    "户籍所在地村（居）民委员会",
    L_DIBAO,
    sub("中华人民共和国残疾人证"),
    share("SFX-CL"),
)
item(
    "zdjb",
    "重大疾病诊断证明",
    "县内医疗机构",
    L_DIBAO,
    verify("SFX-WJJ", 3),
)
item(
    "jtcc",
    "家庭财产状况证明（房产、车辆、存款）",
    "不动产登记机构、公安交通管理部门、金融机构",
    L_DIBAO,
    share("SFX-MZJ"),
    verify("SFX-MZJ", 5),
)
item(
    "wldnl",
    "无劳动能力证明",
    "医疗机构、村（居）民委员会",
    L_TEKUN,
    sub("中华人民共和国残疾人证（一至二级，或三级智力、精神残疾）"),
    verify("SFX-WJJ", 5),
)
item(
    "wsyr",
    "无赡养抚养扶养义务人证明",
    "户籍所在地村（居）民委员会",
    L_TEKUN,
    verify("SFX-CGZ", 5),
    pledge("本人承诺：本人无法定赡养、抚养、扶养义务人，或其义务人无履行义务能力，情况属实。"),
)
item(
    "tfsj",
    "遭遇火灾等突发事件证明",
    "消防救援机构、村（居）民委员会",
    L_LSJZ,
    other("由乡镇（街道）经办人员入户调查核实，拍照留存，不再要求申请人开具证明。"),
)
item(
    "jzqk_zm",
    "居住情况证明",
    "村（居）民委员会",
    L_WDYZ,
    cancel(),
)
item(
    "dbzt",
    "最低生活保障家庭或特困人员身份证明",
    f"{COUNTY}民政局",
    L_SHJZ,
    share("SFX-MZJ"),
)
item(
    "cjdj",
    "残疾等级证明",
    f"{COUNTY}残疾人联合会",
    L_CJBT,
    share("SFX-CL"),
    sub("中华人民共和国残疾人证"),
)
item(
    "nlzm",
    "年龄证明",
    "户籍所在地派出所",
    "《老年人权益保障法》第三十三条",
    sub("居民身份证或居民户口簿"),
)
item(
    "sczm",
    "生存证明",
    "村（居）民委员会",
    L_WDYZ,
    other("通过手机人脸识别完成资格认证；行动不便的，由村（居）工作人员上门认证。"),
)
item(
    "fmsw",
    "父母死亡或失踪证明",
    "户籍所在地派出所",
    "《国务院办公厅关于加强孤儿保障工作的意见》（国办发〔2010〕54号）",
    share("SFX-GAJ"),
)
item(
    "hyjd",
    "婚姻登记档案证明",
    f"{COUNTY}民政局婚姻登记处",
    "《婚姻登记条例》（国务院令第387号）第十七条",
    share("SFX-MZJ"),
)
item(
    "wpobz",
    "无配偶证明",
    "户籍所在地村（居）民委员会",
    "原《婚姻登记管理条例》（已废止）",
    cancel(),
)
item(
    "yljg_cs",
    "养老机构场所使用权证明",
    "产权人",
    "《养老机构管理办法》（民政部令第66号）第九条",
    pledge(
        "本单位承诺：养老服务场所权属清晰，本单位依法享有使用权，"
        "场所符合建筑、消防、卫生等法律法规规定。"
    ),
    share("SFX-ZRJ", one_click=False),
)
item(
    "bzbt_hj",
    "殡葬补贴对象户籍证明",
    "户籍所在地派出所",
    "《殡葬管理条例》（国务院令第225号）",
    share("SFX-GAJ"),
)

# Human resources and social security
item(
    "jcldgx",
    "解除或终止劳动关系证明",
    "原用人单位",
    L_SYBX,
    share("SFX-RSJ"),
    sub("解除或终止劳动合同通知书"),
)
item(
    "wsjcld",
    "外省用人单位出具的解除或终止劳动关系证明",
    "外省（区、市）原用人单位",
    L_SYBX,
    retained("外省用工备案数据暂未接入，仍需申请人提交。"),
)
item(
    "wlqyl",
    "未领取其他基本养老保险待遇证明",
    f"{COUNTY}人力资源和社会保障局（社会保险经办机构）",
    "《城乡居民基本养老保险经办规程》（人社部发〔2019〕84号）",
    share("SFX-RSJ"),
)
item(
    "rsda",
    "人事档案存放证明",
    f"{COUNTY}人才交流服务中心",
    L_SBF16,
    share("SFX-RSJ"),
)
item(
    "sttf",
    "视同缴费年限证明（原单位出具）",
    "原用人单位",
    L_SBF16,
    other("由社会保险经办机构依据人事档案记载认定视同缴费年限，不再要求单位出具证明。"),
)
item(
    "csrq",
    "出生日期证明",
    "户籍所在地派出所",
    L_SBF16,
    sub("居民身份证"),
    share("SFX-GAJ"),
)
item(
    "ldgx",
    "劳动关系证明",
    "用人单位",
    L_GSBX,
    sub("劳动合同"),
    share("SFX-RSJ"),
)
item(
    "zybzd",
    "职业病诊断证明书",
    "取得资质的职业病诊断机构",
    L_GSBX,
    retained("依法须由职业病诊断机构出具，诊断数据暂未共享，仍需申请人提交。"),
)
item(
    "ylzd",
    "医疗诊断证明（首次诊治）",
    "首诊医疗机构",
    L_GSBX,
    verify("SFX-WJJ", 3),
)
item(
    "sydj_zm",
    "失业登记证明",
    f"{COUNTY}公共就业服务机构",
    "《就业服务与就业管理规定》（劳动和社会保障部令第28号）第六十三条",
    share("SFX-RSJ"),
)
item(
    "jtkn_jy",
    "家庭经济困难证明（就业援助）",
    "户籍所在地村（居）民委员会",
    "《就业服务与就业管理规定》（劳动和社会保障部令第28号）",
    share("SFX-MZJ"),
    pledge(P_POOR),
)
item(
    "zxjl",
    "无不良信用记录证明",
    "中国人民银行征信中心",
    "《创业担保贷款实施细则》",
    other("由经办银行经申请人书面授权后查询个人征信报告，不需申请人另行开具。"),
)
item(
    "cycs",
    "创业经营场所证明",
    "产权人、村（居）民委员会",
    "《创业担保贷款实施细则》",
    pledge(P_ADDRESS),
)
item(
    "zgcb",
    "职工参保缴费明细证明",
    f"{COUNTY}人力资源和社会保障局（社会保险经办机构）",
    "《就业补助资金管理办法》（财社〔2017〕164号）",
    share("SFX-RSJ"),
)
item(
    "gzqk",
    "用人单位工资支付情况证明",
    "用人单位",
    L_WDYZ,
    cancel(),
)

# Medical insurance
item(
    "ydjz",
    "异地长期居住证明",
    "居住地村（居）民委员会、公安机关",
    "《国家医疗保障局 财政部关于进一步做好基本医疗保险跨省异地就医直接结算工作的通知》"
    "（医保发〔2022〕22号）",
    pledge("本人承诺：本人已在备案的就医地长期居住，所填居住地址真实，如有变化及时变更备案。"),
)
item(
    "ydgz",
    "异地工作证明",
    "就业地用人单位",
    "《国家医疗保障局 财政部关于进一步做好基本医疗保险跨省异地就医直接结算工作的通知》"
    "（医保发〔2022〕22号）",
    pledge("本人承诺：本人在备案的就医地工作，所填工作单位真实。"),
)
item(
    "mtbzd",
    "慢特病疾病诊断证明（县内医疗机构）",
    "县内定点医疗机构",
    "《基本医疗保险门诊慢特病管理办法》",
    share("SFX-WJJ", one_click=False),
    verify("SFX-WJJ", 3),
)
item(
    "xwzd",
    "县外医疗机构出具的疾病诊断证明",
    "县外医疗机构",
    "《医疗保障基金使用监督管理条例》（国务院令第735号）第十九条",
    retained("县外医疗机构诊疗数据暂未接入，仍需申请人提交。"),
)
item(
    "zgyb_jc",
    "医保个人账户继承人关系证明",
    "户籍所在地派出所、村（居）民委员会",
    L_SBF,
    share("SFX-GAJ"),
    pledge(P_KINSHIP),
)
item(
    "txzm",
    "退休证明",
    f"{COUNTY}人力资源和社会保障局",
    L_SBF16,
    share("SFX-RSJ"),
)
item(
    "ybjf_lx",
    "医保缴费年限证明",
    f"{COUNTY}医疗保障局",
    "《中华人民共和国社会保险法》第二十七条",
    share("SFX-YBJ"),
)

# Public security
item(
    "hhzzs",
    "合法稳定住所证明",
    "不动产登记机构、房屋出租人",
    "《国务院关于进一步推进户籍制度改革的意见》（国发〔2014〕25号）",
    share("SFX-ZRJ"),
    pledge("本人承诺：本人在迁入地拥有合法稳定住所，所填住址真实，实际居住。"),
)
item(
    "wlhzm",
    "未落户证明",
    "户籍所在地村（居）民委员会",
    "《公安部关于解决无户口人员登记户口问题的意见》",
    verify("SFX-CGZ", 5),
    pledge("本人承诺：本人（被申报人）从未在任何地方登记户口，所述情况真实。"),
)
item(
    "swzm_ws",
    "省外死亡医学证明（推断）书",
    "省外医疗卫生机构",
    "《国家卫生健康委 公安部 民政部关于进一步规范人口死亡医学证明和信息登记管理工作的通知》"
    "（国卫规划发〔2013〕57号）",
    retained("省外死亡信息暂未共享，仍需提交医学证明（推断）书。"),
)
item(
    "jzjd",
    "居住证申领居住证明",
    "房屋出租人、用人单位",
    "《居住证暂行条例》（国务院令第663号）第九条",
    pledge("本人承诺：本人在申领地连续居住满半年，所填居住地址和就业、就读情况真实。"),
    share("SFX-RSJ"),
)
item(
    "bzdb_qt",
    "亲属投靠关系证明",
    "户籍所在地派出所、村（居）民委员会",
    "《国务院关于进一步推进户籍制度改革的意见》（国发〔2014〕25号）",
    share("SFX-GAJ"),
    verify("SFX-MZJ", 3),
)
item(
    "jszx",
    "驾驶经历证明",
    "公安机关交通管理部门",
    "《道路运输从业人员管理规定》",
    sub("机动车驾驶证"),
)
item(
    "wzdsg",
    "三年内无重大以上交通责任事故证明",
    f"{COUNTY}公安局交通管理大队",
    "《道路运输从业人员管理规定》",
    share("SFX-GAJ"),
)
item(
    "wfzjl",
    "无犯罪记录证明",
    "户籍所在地公安机关",
    "《教师资格条例实施办法》（教育部令第10号）",
    share("SFX-GAJ"),
)
item(
    "wjdjl",
    "无交通肇事犯罪、危险驾驶犯罪记录及吸毒记录证明",
    "户籍所在地公安机关",
    "《网络预约出租汽车经营服务管理暂行办法》",
    share("SFX-GAJ"),
)

# Natural resources, real estate, rural homesteads
item(
    "wyzf",
    "家庭唯一住房证明",
    "不动产登记机构",
    "《中华人民共和国契税法》第六条",
    share("SFX-ZRJ"),
    pledge("本人承诺：本人家庭（含配偶及未成年子女）在本县无其他住房，所填情况真实。"),
)
item(
    "wfzm",
    "无房证明",
    "不动产登记机构",
    L_GJJ,
    share("SFX-ZRJ"),
)
item(
    "yhyz",
    "一户一宅情况证明",
    "村民委员会、乡镇人民政府",
    L_TDGL,
    other("由村民委员会在本村公示五个工作日，无异议的视为符合一户一宅条件。"),
    verify("SFX-ZRJ", 5),
)
item(
    "sldl",
    "四邻无异议证明",
    "村民委员会",
    L_WDYZ,
    cancel(),
)
item(
    "zjdsp",
    "宅基地批准证明",
    "乡镇人民政府",
    L_BDC,
    share("SFX-ZRJ"),
    verify("SFX-CGZ", 5),
)
item(
    "fwxz",
    "房屋现状证明",
    "村（居）民委员会",
    L_BDC,
    other("由不动产登记机构工作人员实地查看并拍照存档，不再要求申请人开具证明。"),
)
item(
    "tdcb",
    "土地承包经营权证明",
    "村民委员会、乡镇人民政府",
    "《中华人民共和国农村土地承包法》第二十四条",
    share("SFX-NYJ"),
)
item(
    "gdzs",
    "耕地种植面积证明",
    "村民委员会",
    "《财政部 农业部关于全面推开农业“三项补贴”改革工作的通知》（财农〔2016〕26号）",
    other("由村民小组核实种植面积并在村务公开栏公示，乡镇复核，不再要求申请人开具证明。"),
)
item(
    "nyscjy",
    "农业生产经营证明",
    "村民委员会",
    "《农业机械购置与应用补贴实施指导意见》",
    pledge("本人承诺：本人（本组织）从事农业生产经营，所购机具用于农业生产，不倒卖、不转借。"),
)
item(
    "dwfy",
    "选址符合动物防疫条件距离证明",
    "乡镇人民政府",
    "《动物防疫条件审查办法》（农业农村部令2022年第8号）",
    other("由县农业农村局组织现场核查选址和布局，不再要求申请人开具证明。"),
)

# Health
item(
    "dszn",
    "独生子女证明",
    "户籍所在地乡镇人民政府",
    "《全国农村部分计划生育家庭奖励扶助制度管理规范》",
    share("SFX-WJJ"),
)
item(
    "dsss",
    "独生子女死亡或伤残证明",
    "户籍所在地派出所、残疾人联合会",
    "《全国独生子女伤残死亡家庭扶助制度试点方案》",
    share("SFX-GAJ"),
    verify("SFX-CL", 3),
)
item(
    "tjhg",
    "体检合格证明",
    "指定医疗机构",
    "《教师资格条例实施办法》（教育部令第10号）第十二条",
    other("在县教育局指定的医院体检，体检结果由医院直接报送认定机构。"),
)
item(
    "hyzm_sy",
    "流动人口婚育证明",
    "户籍所在地乡镇人民政府",
    L_WDYZ,
    cancel(),
)

# Education
item(
    "fczm_rx",
    "房屋产权证明（入学）",
    "不动产登记机构",
    L_YWJY,
    share("SFX-ZRJ"),
)
item(
    "zfzm_rx",
    "租房居住证明（入学）",
    "房屋出租人、村（居）民委员会",
    L_YWJY,
    pledge("本人承诺：本人与子女在所填地址实际居住，租赁关系真实有效。"),
    verify("SFX-CGZ", 3),
)
item(
    "jtkn_xs",
    "家庭经济困难证明（学生资助）",
    "户籍所在地乡镇人民政府、村（居）民委员会",
    "《教育部等六部门关于做好家庭经济困难学生认定工作的指导意见》（教财〔2018〕16号）",
    pledge("本人承诺：本人家庭经济困难情况如申请表所填，真实准确，无隐瞒。"),
)
item(
    "xlzm",
    "学历证明",
    "毕业学校",
    "《教师资格条例》（国务院令第188号）第十一条",
    share("SFX-JYJ"),
    sub("毕业证书"),
)
item(
    "zxzm",
    "在校就读证明",
    "就读学校",
    "《生源地信用助学贷款管理办法》",
    share("SFX-JYJ", one_click=False),
    sub("录取通知书或学生证"),
)

# Veterans
item(
    "tyzm",
    "退役证明",
    f"{COUNTY}退役军人事务局",
    "《退役军人保障法》第六十二条",
    share("SFX-TYJ"),
    sub("退出现役证（退伍证）"),
)
item(
    "czzm",
    "参战参试经历证明",
    "原部队或档案保管部门",
    "《民政部 财政部关于给部分农村籍退役士兵发放老年生活补助的通知》（民发〔2011〕110号）",
    verify("SFX-TYJ", 5),
)
item(
    "wgzdw",
    "无固定工作单位证明",
    "村（居）民委员会",
    L_WDYZ,
    cancel(),
)

# Disabled persons
item(
    "cjpd",
    "残疾评定诊断证明",
    "指定残疾评定医院",
    "《中华人民共和国残疾人证管理办法》（残联发〔2017〕24号）",
    other("由县残联指定的评定机构直接评定，评定结果在系统内流转，不需申请人携带。"),
)
item(
    "fjsp",
    "辅助器具适配评估证明",
    "辅助器具服务机构",
    "《残疾人基本康复服务目录》",
    cancel(),
)

# Judicial
item(
    "jjkn",
    "经济困难证明",
    "户籍所在地乡镇人民政府、村（居）民委员会",
    "《中华人民共和国法律援助法》第四十一条",
    pledge("本人承诺：本人经济困难状况如申请表所填，无能力支付律师费用，所述收入和财产情况真实。"),
    share("SFX-MZJ"),
)

# Housing provident fund
item(
    "gfht",
    "购房合同备案证明",
    f"{COUNTY}住房和城乡建设局",
    L_GJJ,
    share("SFX-ZJJ"),
)
item(
    "dksz",
    "商业贷款还款证明",
    "贷款银行",
    L_GJJ,
    sub("借款合同及银行还款流水"),
)

# Transport
item(
    "jllc",
    "驾龄证明",
    "公安机关交通管理部门",
    "《出租汽车驾驶员从业资格管理规定》（交通运输部令）第十条",
    sub("机动车驾驶证"),
)

# Construction
item(
    "jszj",
    "建设资金已经落实证明",
    "建设单位开户银行",
    "《建筑工程施工许可管理办法》（住房和城乡建设部令第18号）第四条",
    pledge("本单位承诺：本工程建设资金已经落实，不拖欠工程款和农民工工资。"),
)
item(
    "jsfzr",
    "技术负责人工作经历证明",
    "原工作单位",
    "《建筑业企业资质管理规定》（住房和城乡建设部令第22号）",
    pledge("本单位承诺：技术负责人的工作经历和业绩如申报材料所填，真实有效。"),
)
item(
    "zcrysb",
    "注册人员社会保险缴纳证明",
    f"{COUNTY}人力资源和社会保障局",
    "《建筑业企业资质管理规定》（住房和城乡建设部令第22号）",
    share("SFX-RSJ"),
)
item(
    "wfjd",
    "房屋危险性鉴定证明",
    "房屋安全鉴定机构",
    "《农村危房改造补助资金管理办法》",
    other("由县住建局组织技术人员上门鉴定，不再要求农户自行委托鉴定。"),
)
item(
    "nfdx",
    "农村低收入群体身份证明",
    "户籍所在地乡镇人民政府",
    "《农村危房改造补助资金管理办法》",
    share("SFX-MZJ"),
)

# Tax
item(
    "fcjy",
    "房屋交易价格证明",
    "房地产中介机构",
    L_WDYZ,
    cancel(),
)


# More registers: verification by the department that holds the facts, and a few more of each
item(
    "fwzl",
    "房屋租赁情况证明",
    "村（居）民委员会、房屋出租人",
    L_GZF,
    verify("SFX-CGZ", 3),
    pledge("本人承诺：本人家庭在本县租房居住，租赁情况如申请表所填，真实有效。"),
)
item(
    "jyqk_gzf",
    "申请人就业情况证明",
    "用人单位",
    L_GZF,
    verify("SFX-RSJ", 3),
    share("SFX-RSJ", one_click=False),
)
item(
    "syrsr",
    "赡养人收入状况证明",
    "赡养人所在单位、村（居）民委员会",
    L_TEKUN,
    verify("SFX-CGZ", 5),
)
item(
    "jtrk",
    "家庭人口状况证明",
    "户籍所在地派出所",
    L_DIBAO,
    share("SFX-GAJ"),
)
item(
    "shkn_ls",
    "生活困难情况证明（临时救助）",
    "村（居）民委员会",
    L_LSJZ,
    verify("SFX-CGZ", 3),
    pledge(P_POOR),
)
item(
    "zzzm_ws",
    "外来人员暂住证明",
    "居住地派出所",
    L_WDYZ,
    cancel(),
)
item(
    "jhgx",
    "孤儿监护关系证明",
    "户籍所在地村（居）民委员会、乡镇人民政府",
    "《国务院办公厅关于加强孤儿保障工作的意见》（国办发〔2010〕54号）",
    verify("SFX-CGZ", 5),
)
item(
    "wxhl",
    "未享受同类护理补贴证明",
    f"{COUNTY}民政局",
    L_CJBT,
    share("SFX-MZJ"),
)
item(
    "yljg_fzr",
    "养老机构负责人无犯罪记录证明",
    "户籍所在地公安机关",
    "《养老机构管理办法》（民政部令第66号）",
    share("SFX-GAJ"),
)
item(
    "lhhy",
    "离婚人员婚姻状况证明",
    "户籍所在地村（居）民委员会",
    "原《婚姻登记管理条例》（已废止）",
    cancel(),
)
item(
    "gysy",
    "供养直系亲属依靠逝者生前供养的证明",
    "户籍所在地乡镇人民政府、村（居）民委员会",
    "《关于企业职工因病或非因工死亡后遗属待遇有关问题的通知》（劳险字〔1990〕11号）",
    pledge("本人承诺：本人生前主要依靠逝者供养，目前无其他生活来源，情况属实。"),
    verify("SFX-CGZ", 5),
)
item(
    "swzz",
    "职工死亡时在职（参保）证明",
    "用人单位",
    L_SBF,
    share("SFX-RSJ"),
)
item(
    "sgjg",
    "事故发生经过证明",
    "用人单位、事故发生地村（居）民委员会",
    L_GSBX,
    verify("SFX-RSJ", 10),
    other("由工伤认定机构调查核实，申请人在申请表中如实陈述事故经过。"),
)
item(
    "fbyy",
    "非本人意愿中断就业证明",
    "原用人单位",
    L_SYBX,
    verify("SFX-RSJ", 3),
    sub("解除或终止劳动合同通知书"),
)
item(
    "jmcs",
    "村级公示无异议证明",
    "村（居）民委员会",
    L_WDYZ,
    cancel(),
)
item(
    "zfzc",
    "医疗费用个人自付情况证明",
    f"{COUNTY}医疗保障局",
    "《国务院办公厅关于健全重特大疾病医疗保险和救助制度的意见》（国办发〔2021〕42号）",
    share("SFX-YBJ"),
)
item(
    "ybzp",
    "因病致贫情况证明",
    "户籍所在地乡镇人民政府",
    "《国务院办公厅关于健全重特大疾病医疗保险和救助制度的意见》（国办发〔2021〕42号）",
    verify("SFX-CGZ", 5),
)
item(
    "jzsj",
    "实际居住证明（户口迁移）",
    "居住地村（居）民委员会",
    "《国务院关于进一步推进户籍制度改革的意见》（国发〔2014〕25号）",
    verify("SFX-HXSQ", 3),
    pledge("本人承诺：本人在迁入地址实际居住，所填情况真实。"),
)
item(
    "jyzm_jz",
    "就业证明（居住证申领）",
    "用人单位",
    "《居住证暂行条例》（国务院令第663号）第九条",
    share("SFX-RSJ"),
)
item(
    "jdzm_jz",
    "就读证明（居住证申领）",
    "就读学校",
    "《居住证暂行条例》（国务院令第663号）第九条",
    share("SFX-JYJ", one_click=False),
    verify("SFX-JYJ", 3),
)
item(
    "jsdw",
    "无拖欠农民工工资证明",
    f"{COUNTY}人力资源和社会保障局（劳动保障监察机构）",
    "《保障农民工工资支付条例》（国务院令第724号）",
    verify("SFX-RSJ", 3),
)
item(
    "jsyd",
    "建设用地批准证明",
    f"{COUNTY}自然资源和规划局",
    "《建筑工程施工许可管理办法》（住房和城乡建设部令第18号）第四条",
    share("SFX-ZRJ"),
)
item(
    "gckdb",
    "工程款支付担保证明",
    "担保机构",
    "原《建筑工程施工许可管理办法》条款（已修订删除）",
    cancel(),
)
item(
    "sgtj",
    "施工现场具备施工条件证明",
    "建设单位",
    "《建筑工程施工许可管理办法》（住房和城乡建设部令第18号）第四条",
    pledge("本单位承诺：施工场地已基本具备施工条件，需要征收房屋的，其进度符合施工要求。"),
)
item(
    "zbjm",
    "经营场所周边居民同意证明",
    "村（居）民委员会",
    L_WDYZ,
    cancel(),
)
item(
    "wwrzm",
    "经营场所周边无污染源证明",
    "生态环境部门、村（居）民委员会",
    "《食品经营许可和备案管理办法》（国家市场监督管理总局令第78号）",
    pledge("本单位承诺：经营场所距离粪坑、污水池、垃圾场等污染源的距离符合规定。"),
    verify("SFX-SCJ", 5),
)
item(
    "sjwj",
    "随迁子女父母务工或经商证明",
    "用人单位、市场监督管理部门",
    L_YWJY,
    share("SFX-RSJ"),
    verify("SFX-SCJ", 3),
)
item(
    "sxpd",
    "思想品德鉴定证明",
    "工作单位或户籍所在地乡镇人民政府",
    "《教师资格条例实施办法》（教育部令第10号）第十二条",
    pledge("本人承诺：本人遵守宪法和法律，热爱教育事业，具有良好的思想品德，无违法犯罪记录。"),
)
item(
    "xjzm",
    "学籍证明",
    "就读学校",
    "《生源地信用助学贷款管理办法》",
    verify("SFX-JYJ", 3),
)
item(
    "fyjr",
    "复员军人身份证明",
    "原部队或档案保管部门",
    "《民政部 财政部关于给部分农村籍退役士兵发放老年生活补助的通知》（民发〔2011〕110号）",
    verify("SFX-TYJ", 5),
)
item(
    "jfjl",
    "驾驶证记分情况证明",
    f"{COUNTY}公安局交通管理大队",
    "《网络预约出租汽车经营服务管理暂行办法》",
    share("SFX-GAJ"),
)
item(
    "wxdjl",
    "无吸毒记录证明",
    "户籍所在地公安机关",
    "《道路运输从业人员管理规定》",
    share("SFX-GAJ"),
)
item(
    "tdlz",
    "土地流转合同备案证明",
    "乡镇人民政府（农村经营管理部门）",
    "《农村土地经营权流转管理办法》（农业农村部令2021年第1号）",
    share("SFX-NYJ", one_click=False),
    verify("SFX-XPX", 5),
)
item(
    "tdqs",
    "土地权属无争议证明",
    "乡镇人民政府",
    L_BDC,
    verify("SFX-CGZ", 5),
)
item(
    "jtcy",
    "村集体经济组织成员身份证明",
    "村民委员会",
    L_TDGL,
    verify("SFX-SJTC", 3),
)
item(
    "lqzm",
    "林权证明",
    "不动产登记机构",
    "《中华人民共和国森林法》第五十七条",
    share("SFX-ZRJ"),
)
item(
    "cfsz",
    "采伐地点四至证明",
    "村民委员会",
    "《中华人民共和国森林法实施条例》",
    other("由县自然资源和规划局林业工作人员现场核实伐区四至，不再要求村委会出具证明。"),
)
item(
    "poxgx",
    "配偶关系证明",
    "户籍所在地村（居）民委员会",
    L_GJJ,
    share("SFX-MZJ"),
    sub("结婚证"),
)
item(
    "tyzz",
    "退役士兵安置地无住房证明",
    "户籍所在地乡镇人民政府",
    L_WDYZ,
    cancel(),
)
item(
    "cjqr",
    "残疾人家庭经济状况证明（辅具补贴）",
    "户籍所在地村（居）民委员会",
    "《残疾人基本康复服务目录》",
    verify("SFX-MZJ", 3),
)

# --------------------------------------------------------------------------- matters

MATTERS: list[dict[str, Any]] = []


def matter(
    name: str,
    dept: str,
    items: list[str],
    *,
    kind: str = "person",
    legal: int | None = 20,
    promised: int | None = 5,
    steps: list[str] | None = None,
    materials: list[str] | None = None,
    fee: str = "不收费",
    where: str | None = None,
    hours: str | None = None,
) -> str:
    _name, level, dept_where = DEPT[dept]
    code = f"M{len(MATTERS) + 1:04d}"
    default_hours = {"county": HOURS, "township": HOURS_TOWNSHIP, "village": HOURS_VILLAGE}
    MATTERS.append(
        {
            "code": code,
            "name": name,
            "department": dept,
            "level": level,
            "applicant_kind": kind,
            "legal_limit_days": legal,
            "promised_limit_days": promised,
            "fee": fee,
            "where": where or dept_where,
            "hours": hours or default_hours[level],
            "steps": steps or ["申请", "受理", "审查", "决定", "办结"],
            "materials": materials
            or (["申请人居民身份证"] if kind == "person" else ["营业执照", "经办人居民身份证"]),
            "items": [ITEMS[use(k)]["code"] for k in items],
        }
    )
    return code


ID = "申请人居民身份证"
HUKOU = "居民户口簿"
BIZ = ["营业执照", "法定代表人或经办人居民身份证"]

# --- housing and construction
GZF = matter(
    "公共租赁住房资格申请",
    "SFX-ZJJ",
    ["jtjj", "sbjn", "zjdpj", "clqk"],
    legal=30,
    promised=15,
    steps=[
        "提交申请",
        "窗口受理",
        "部门联审（数据查询、部门核验）",
        "审核公示",
        "资格确认",
        "办结",
    ],
    materials=[ID, HUKOU, "结婚证或离婚证（已婚、离异的）", "公共租赁住房申请表"],
)
matter(
    "公共租赁住房租赁补贴申请",
    "SFX-ZJJ",
    ["jtjj", "sbjn", "clqk", "fwzl"],
    legal=30,
    promised=15,
    steps=["提交申请", "窗口受理", "部门联审", "审核公示", "补贴发放"],
    materials=[ID, HUKOU, "租赁合同"],
)
matter(
    "建筑工程施工许可证核发",
    "SFX-ZJJ",
    ["jszj", "jsdw", "jsyd", "gckdb", "sgtj"],
    kind="enterprise",
    legal=7,
    promised=3,
    materials=[*BIZ, "建设工程规划许可证", "施工合同", "施工图设计文件审查合格书"],
)
matter(
    "建筑业企业资质核准（施工总承包三级）",
    "SFX-ZJJ",
    ["qysb", "jsfzr", "zcrysb"],
    kind="enterprise",
    legal=20,
    promised=10,
    materials=[*BIZ, "企业资质申请表", "注册人员执业资格证书"],
)
matter(
    "农村危房改造补助申请",
    "SFX-ZJJ",
    ["nfdx", "wfjd", "jtjj"],
    legal=30,
    promised=20,
    steps=["农户申请", "村级评议", "乡镇审核", "县级审批", "改造实施", "竣工验收", "补助发放"],
    materials=[ID, HUKOU, "农村危房改造申请表"],
)
matter(
    "保障性租赁住房申请（新就业人员）",
    "SFX-ZJJ",
    ["jyqk_gzf", "sbjn", "wfzm"],
    legal=20,
    promised=10,
    steps=["提交申请", "窗口受理", "数据查询与核验", "审核公示", "配租"],
    materials=[ID, "毕业证书（新就业大学生）"],
)
# --- civil affairs
DIBAO = matter(
    "最低生活保障（低保）审核确认",
    "SFX-CGZ",
    ["jtsr", "jtcc", "wysy", "jtrk"],
    legal=30,
    promised=20,
    steps=[
        "提交申请",
        "受理",
        "家庭经济状况核对",
        "入户调查",
        "民主评议与公示",
        "审核确认",
        "发放",
    ],
    materials=[ID, HUKOU, "最低生活保障申请书"],
)
matter(
    "特困人员救助供养审核确认",
    "SFX-CGZ",
    ["wldnl", "wsyr", "jtjj", "syrsr"],
    legal=30,
    promised=20,
    steps=["提交申请", "受理", "调查核实", "公示", "审核确认", "供养"],
    materials=[ID, HUKOU, "特困人员救助供养申请书"],
)
matter(
    "临时救助申请",
    "SFX-CGZ",
    ["tfsj", "jtjj", "jzqk_zm", "shkn_ls", "zzzm_ws"],
    legal=15,
    promised=5,
    steps=["提交申请", "受理", "入户调查", "审批", "救助金发放"],
    materials=[ID, "临时救助申请书"],
)
matter(
    "重度残疾人护理补贴申请",
    "SFX-MZJ",
    ["cjdj", "hjzm", "wxhl"],
    legal=20,
    promised=10,
    materials=[ID, "中华人民共和国残疾人证"],
)
matter(
    "困难残疾人生活补贴申请",
    "SFX-MZJ",
    ["cjdj", "dbzt"],
    legal=20,
    promised=10,
    materials=[ID, "中华人民共和国残疾人证"],
)
BZBT = matter(
    "惠民殡葬补贴申领",
    "SFX-MZJ",
    ["swzm", "hhzm", "bzbt_hj"],
    legal=10,
    promised=3,
    materials=["经办人居民身份证", "逝者居民身份证或户口簿"],
)
matter(
    "内地居民结婚登记",
    "SFX-MZJ",
    ["wpobz", "hjzm", "lhhy"],
    legal=1,
    promised=1,
    steps=["双方共同到场申请", "审查", "签署声明", "颁发结婚证"],
    materials=["双方居民身份证", "双方居民户口簿", "双方近期半身免冠合影照片"],
    where=f"{COUNTY}民政局婚姻登记处",
)
matter(
    "补领婚姻登记证",
    "SFX-MZJ",
    ["hyjd"],
    legal=1,
    promised=1,
    materials=[ID, HUKOU, "近期半身免冠照片"],
    where=f"{COUNTY}民政局婚姻登记处",
)
matter(
    "养老机构备案",
    "SFX-MZJ",
    ["yljg_cs", "xfaq", "yljg_fzr"],
    kind="enterprise",
    legal=None,
    promised=1,
    steps=["提交备案材料", "当场备案", "事后检查"],
    materials=[*BIZ, "养老机构备案书", "养老机构备案承诺书"],
)
matter(
    "孤儿基本生活保障金申请",
    "SFX-MZJ",
    ["fmsw", "hjzm", "jhgx"],
    legal=30,
    promised=15,
    materials=["监护人居民身份证", "孤儿户口簿"],
)
# --- human resources and social security (survivor pension, working hours, retirement)
SZFX = matter(
    "一次性丧葬补助金和抚恤金申领（企业职工因病或非因工死亡）",
    "SFX-RSJ",
    ["fqgx", "swzm", "qsgx", "swzz"],
    legal=20,
    promised=1,
    steps=["提交申请", "受理", "数据查询与承诺核对", "待遇核定", "发放"],
    materials=["申领人居民身份证", "逝者社会保障卡"],
)
YSBZ = matter(
    "遗属补助生活费申领",
    "SFX-RSJ",
    ["fqgx", "wjjsr", "qsgx", "gysy"],
    legal=20,
    promised=1,
    steps=["提交申请", "受理", "签署告知承诺书", "待遇核定", "按月发放"],
    materials=["申领人居民身份证", "申领人社会保障卡"],
)
matter(
    "综合计算工时工作制和不定时工作制审批",
    "SFX-RSJ",
    ["qysb", "wqx", "ghyj"],
    kind="enterprise",
    legal=20,
    promised=1,
    steps=["网上提交电子申请表", "受理", "数据查询", "审批", "短信通知、扫码下载审批决定书"],
    materials=["特殊工时制度申请表", "营业执照"],
    where=f"{HALL}二楼人社窗口（可在政务服务网全程网办）",
)
TUIXIU = matter(
    "职工基本养老保险待遇申领（退休）",
    "SFX-RSJ",
    ["rsda", "sttf", "csrq"],
    legal=20,
    promised=10,
    steps=["单位或个人申请", "受理", "档案审核", "待遇核算", "核定发放"],
    materials=[ID, "社会保障卡", "人事档案（由档案保管机构调阅）"],
)
matter(
    "城乡居民基本养老保险待遇领取",
    "SFX-RSJ",
    ["wlqyl", "csrq", "jmcs"],
    legal=20,
    promised=5,
    materials=[ID, "社会保障卡"],
)
matter(
    "失业保险金申领",
    "SFX-RSJ",
    ["jcldgx", "wsjcld", "fbyy"],
    legal=10,
    promised=3,
    materials=[ID, "社会保障卡"],
)
matter(
    "工伤认定申请",
    "SFX-RSJ",
    ["ldgx", "ylzd", "zybzd", "sgjg"],
    legal=60,
    promised=30,
    steps=["提交申请", "受理", "调查核实", "作出认定决定", "送达"],
    materials=["工伤认定申请表", "受伤职工居民身份证"],
)
matter(
    "就业困难人员认定",
    "SFX-RSJ",
    ["sydj_zm", "jtkn_jy", "cjzk"],
    legal=15,
    promised=5,
    materials=[ID, "就业创业证"],
)
matter(
    "创业担保贷款申请",
    "SFX-RSJ",
    ["zxjl", "cycs", "sydj_zm"],
    legal=15,
    promised=10,
    steps=["提交申请", "资格审核", "担保机构审核", "银行审贷", "放款"],
    materials=[ID, "营业执照（已办理的）", "创业计划书"],
)
matter(
    "企业吸纳就业困难人员社会保险补贴申领",
    "SFX-RSJ",
    ["zgcb", "sydj_zm"],
    kind="enterprise",
    legal=20,
    promised=10,
    materials=[*BIZ, "社会保险补贴申请表"],
)
SBK = matter(
    "社会保障卡申领",
    "SFX-RSJ",
    ["csyx", "xsehj"],
    legal=10,
    promised=1,
    materials=["监护人居民身份证", "新生儿户口簿"],
)
SBK_ZX = matter(
    "社会保障卡注销（持卡人死亡）",
    "SFX-RSJ",
    ["swzm"],
    legal=5,
    promised=1,
    materials=["经办人居民身份证", "逝者社会保障卡"],
)
matter(
    "劳动者工资支付情况查询证明开具",
    "SFX-RSJ",
    ["gzqk"],
    legal=5,
    promised=1,
    materials=[ID],
)
# --- medical insurance
YB_XSE = matter(
    "城乡居民基本医疗保险参保登记（新生儿）",
    "SFX-YBJ",
    ["csyx", "xsehj", "fmhj"],
    legal=5,
    promised=1,
    materials=["监护人居民身份证", "新生儿户口簿"],
)
SYYL = matter(
    "生育医疗费用报销",
    "SFX-YBJ",
    ["sycb", "sydj", "csyx"],
    legal=30,
    promised=10,
    materials=[ID, "医疗费用票据及明细", "出院记录"],
)
SYJT = matter(
    "生育津贴申领",
    "SFX-YBJ",
    ["sycb", "sydj", "zzzm"],
    legal=30,
    promised=10,
    materials=[ID, "社会保障卡"],
)
matter(
    "异地就医备案",
    "SFX-YBJ",
    ["ydjz", "ydgz"],
    legal=1,
    promised=1,
    steps=["提交备案申请", "签署承诺书", "即时备案"],
    materials=[ID, "社会保障卡"],
)
matter(
    "门诊慢特病待遇认定",
    "SFX-YBJ",
    ["mtbzd", "xwzd"],
    legal=20,
    promised=10,
    materials=[ID, "社会保障卡", "近期病历资料"],
)
matter(
    "医疗救助申请",
    "SFX-YBJ",
    ["dbzt", "xwzd", "jtjj", "zfzc"],
    legal=20,
    promised=10,
    materials=[ID, "医疗费用结算单据"],
)
YB_JC = matter(
    "职工医保个人账户余额一次性支取（参保人死亡）",
    "SFX-YBJ",
    ["swzm", "zgyb_jc"],
    legal=10,
    promised=3,
    materials=["继承人居民身份证", "逝者社会保障卡"],
)
YB_TX = matter(
    "职工医保退休人员待遇核定",
    "SFX-YBJ",
    ["txzm", "ybjf_lx"],
    legal=10,
    promised=3,
    materials=[ID, "社会保障卡"],
)
matter(
    "因病致贫重病患者医疗救助申请",
    "SFX-YBJ",
    ["zdjb", "ybzp", "zfzc"],
    legal=20,
    promised=10,
    steps=["提交申请", "受理", "核对医疗费用和家庭经济状况", "审批", "救助金发放"],
    materials=[ID, "医疗费用结算单据"],
)
# --- public security
CSDJ = matter(
    "出生登记（新生儿入户）",
    "SFX-GAJ",
    ["csyx", "fmhj", "jhsy", "zfqk_xse"],
    legal=1,
    promised=1,
    steps=["申报出生登记", "受理", "数据查询", "登记入户", "领取户口簿"],
    materials=["父母双方居民身份证", "结婚证", "落户方居民户口簿"],
)
ZXHK = matter(
    "死亡人员户口注销",
    "SFX-GAJ",
    ["swzm", "hhzm", "swzm_ws"],
    legal=1,
    promised=1,
    materials=["经办人居民身份证", "逝者居民户口簿"],
)
matter(
    "户口迁移（夫妻投靠）",
    "SFX-GAJ",
    ["bzdb_qt", "hhzzs", "jzsj"],
    legal=5,
    promised=3,
    materials=["双方居民身份证", "双方居民户口簿", "结婚证"],
)
matter(
    "无户口人员户口登记",
    "SFX-GAJ",
    ["wlhzm", "csyx"],
    legal=20,
    promised=10,
    steps=["提交申请", "受理", "调查核实", "审批", "登记户口"],
    materials=["申请人或监护人居民身份证"],
)
matter(
    "居住证申领",
    "SFX-GAJ",
    ["jzjd", "jyzm_jz", "jdzm_jz"],
    legal=15,
    promised=5,
    materials=[ID, "近期免冠照片"],
    where=f"{COUNTY}公安局各派出所户籍窗口",
)
GZBA = matter(
    "公章刻制备案",
    "SFX-GAJ",
    ["gzba"],
    kind="enterprise",
    legal=1,
    promised=1,
    materials=BIZ,
    where=f"{HALL}一楼企业开办专区",
)
# --- market regulation (business start)
QYSL = matter(
    "企业设立登记（营业执照）",
    "SFX-SCJ",
    ["zscs", "fddb", "mchz", "zczj"],
    kind="enterprise",
    legal=3,
    promised=1,
    steps=["名称自主申报", "提交设立申请", "签署住所承诺书", "审核", "核发营业执照"],
    materials=["法定代表人居民身份证", "公司章程", "股东会决议或投资人决定"],
)
matter(
    "个体工商户设立登记",
    "SFX-SCJ",
    ["zscs", "zbjm"],
    legal=3,
    promised=1,
    steps=["提交申请", "签署经营场所承诺书", "当场核发营业执照"],
    materials=["经营者居民身份证"],
)
matter(
    "食品经营许可",
    "SFX-SCJ",
    ["zscs", "jkzm", "spaq", "wwrzm"],
    kind="both",
    legal=10,
    promised=3,
    steps=["提交申请", "受理", "材料审查（告知承诺）", "作出许可决定", "事后核查"],
    materials=["营业执照或身份证", "食品经营许可申请书", "食品安全管理制度"],
)
matter(
    "企业注销登记",
    "SFX-SCJ",
    ["qszm"],
    kind="enterprise",
    legal=3,
    promised=1,
    materials=[*BIZ, "清算报告或全体投资人承诺书"],
)
# --- tax
SW_XSE = matter(
    "城乡居民基本医疗保险费缴纳（新生儿）",
    "SFX-SWJ",
    ["xsehj"],
    legal=1,
    promised=1,
    materials=["监护人居民身份证"],
)
SW_KY = matter(
    "新办纳税人发票领用",
    "SFX-SWJ",
    [],
    kind="enterprise",
    legal=1,
    promised=1,
    materials=[*BIZ, "税控设备或数电发票开通申请"],
)
matter(
    "契税申报（家庭首套住房减征）",
    "SFX-SWJ",
    ["wyzf", "fcjy"],
    legal=1,
    promised=1,
    materials=[ID, "房屋买卖合同", "结婚证（已婚的）"],
)
# --- natural resources and real estate
matter(
    "二手房转移登记",
    "SFX-ZRJ",
    ["hyzk", "fcjy"],
    kind="both",
    legal=5,
    promised=3,
    steps=["买卖双方申请", "受理", "缴税", "登簿", "发证"],
    materials=["买卖双方居民身份证", "不动产权证书", "房屋买卖合同"],
)
matter(
    "不动产继承登记",
    "SFX-ZRJ",
    ["swzm", "qsgx", "hyzk"],
    legal=10,
    promised=5,
    materials=["继承人居民身份证", "不动产权证书", "继承权公证书或全体继承人协议"],
)
matter(
    "宅基地使用权及房屋所有权首次登记",
    "SFX-ZRJ",
    ["zjdsp", "fwxz", "sldl", "tdqs"],
    legal=20,
    promised=10,
    materials=[ID, HUKOU, "房屋竣工验收资料"],
)
# --- agriculture (township approval of homesteads)
matter(
    "农村宅基地和建房（规划许可）审批",
    "SFX-CGZ",
    ["yhyz", "hjzm", "sldl", "jtcy"],
    legal=20,
    promised=15,
    steps=["农户申请", "村民小组会议讨论并公示", "村级审查", "乡镇联审", "审批", "放样开工"],
    materials=[ID, HUKOU, "农村宅基地和建房（规划许可）申请表"],
)
matter(
    "耕地地力保护补贴申报",
    "SFX-XPX",
    ["tdcb", "gdzs", "tdlz"],
    legal=None,
    promised=30,
    steps=["农户申报", "村级核实公示", "乡镇审核", "补贴发放"],
    materials=[ID, "一卡通（社保卡）"],
)
matter(
    "农机购置补贴申领",
    "SFX-NYJ",
    ["nyscjy"],
    kind="both",
    legal=None,
    promised=15,
    materials=[ID, "购机发票", "机具铭牌照片"],
)
matter(
    "动物防疫条件合格证核发",
    "SFX-NYJ",
    ["dwfy"],
    kind="enterprise",
    legal=20,
    promised=10,
    steps=["提交申请", "受理", "现场核查", "审查决定", "发证"],
    materials=[*BIZ, "场所平面图", "防疫制度"],
)
matter(
    "林木采伐许可证核发",
    "SFX-ZRJ",
    ["lqzm", "cfsz"],
    kind="both",
    legal=20,
    promised=5,
    steps=["提交申请", "受理", "伐区现场核实", "审批", "发证"],
    materials=[ID, "伐区调查设计或采伐作业说明"],
)
# --- health (newborn)
CSYX = matter(
    "出生医学证明首次签发",
    "SFX-WJJ",
    ["jhsy"],
    legal=1,
    promised=1,
    steps=["住院分娩", "申请签发", "核对信息", "签发"],
    materials=["父母双方居民身份证"],
    where=f"{COUNTY}人民医院产科出生“一件事”联办窗口",
)
JZZ = matter(
    "预防接种证办理",
    "SFX-WJJ",
    ["csyx", "jyjz"],
    legal=1,
    promised=1,
    materials=["监护人居民身份证"],
    where=f"{COUNTY}人民医院产科出生“一件事”联办窗口",
)
SYDJ = matter(
    "生育登记服务",
    "SFX-WJJ",
    ["hyzk", "jhsy"],
    legal=1,
    promised=1,
    materials=["夫妻双方居民身份证"],
)
matter(
    "农村部分计划生育家庭奖励扶助金申请",
    "SFX-XPX",
    ["dszn", "hyzm_sy"],
    legal=None,
    promised=30,
    steps=["本人申请", "村级初审公示", "乡镇审核", "县级审批", "资金发放"],
    materials=[ID, HUKOU],
)
matter(
    "计划生育家庭特别扶助金申请",
    "SFX-WJJ",
    ["dsss", "dszn"],
    legal=None,
    promised=30,
    materials=[ID, HUKOU],
)
# --- education
matter(
    "义务教育阶段新生入学登记",
    "SFX-JYJ",
    ["fczm_rx", "zfzm_rx", "hjzm", "sjwj"],
    legal=None,
    promised=10,
    steps=["网上报名", "资格审核（数据查询）", "公示", "录取"],
    materials=["监护人居民身份证", "儿童户口簿"],
)
matter(
    "生源地信用助学贷款申请",
    "SFX-JYJ",
    ["jtkn_xs", "zxzm", "xjzm"],
    legal=None,
    promised=10,
    materials=["学生及共同借款人居民身份证", "录取通知书（新生）"],
)
matter(
    "教师资格认定",
    "SFX-JYJ",
    ["wfzjl", "tjhg", "xlzm", "sxpd"],
    legal=20,
    promised=15,
    materials=[ID, "普通话水平测试等级证书", "教师资格考试合格证明"],
)
# --- veterans
matter(
    "退役军人优待证申领",
    "SFX-TYJ",
    ["tyzm", "tyzz"],
    legal=20,
    promised=10,
    materials=[ID, "近期免冠照片"],
)
matter(
    "部分农村籍退役士兵老年生活补助申请",
    "SFX-TYJ",
    ["czzm", "tyzm", "wgzdw", "fyjr"],
    legal=30,
    promised=20,
    materials=[ID, HUKOU],
)
# --- disabled persons
matter(
    "残疾人证新办",
    "SFX-CL",
    ["cjpd", "hjzm"],
    legal=20,
    promised=10,
    steps=["提交申请", "指定机构评定", "审核", "制证发证"],
    materials=[ID, HUKOU, "近期免冠照片"],
)
matter(
    "残疾人辅助器具适配补贴申请",
    "SFX-CL",
    ["fjsp", "jtjj", "cjqr"],
    legal=20,
    promised=10,
    materials=[ID, "中华人民共和国残疾人证"],
)
# --- judicial
matter(
    "法律援助申请",
    "SFX-SFJ",
    ["jjkn"],
    legal=7,
    promised=3,
    steps=["提交申请", "签署经济困难承诺", "审查", "指派律师", "办结"],
    materials=[ID, "与案件有关的材料"],
)
# --- housing provident fund
matter(
    "住房公积金提取（购买自住住房）",
    "SFX-GJJ",
    ["gfht", "wfzm", "poxgx"],
    legal=3,
    promised=1,
    materials=[ID, "购房合同", "购房发票"],
)
matter(
    "住房公积金提取（偿还住房贷款）",
    "SFX-GJJ",
    ["dksz"],
    legal=3,
    promised=1,
    materials=[ID, "借款合同"],
)
GJJ_TX = matter(
    "住房公积金提取（离休、退休）",
    "SFX-GJJ",
    ["txzm"],
    legal=3,
    promised=1,
    materials=[ID],
)
GJJ_SW = matter(
    "住房公积金提取（职工死亡）",
    "SFX-GJJ",
    ["swzm", "qsgx"],
    legal=3,
    promised=1,
    materials=["继承人居民身份证"],
)
GJJ_DW = matter(
    "住房公积金单位缴存登记",
    "SFX-GJJ",
    [],
    kind="enterprise",
    legal=3,
    promised=1,
    materials=BIZ,
)
RS_DW = matter(
    "单位社会保险参保登记",
    "SFX-RSJ",
    [],
    kind="enterprise",
    legal=5,
    promised=1,
    materials=BIZ,
)
# --- transport
matter(
    "道路运输从业人员从业资格证核发",
    "SFX-JTJ",
    ["wzdsg", "jszx", "wxdjl"],
    legal=10,
    promised=5,
    materials=[ID, "机动车驾驶证", "考试合格证明"],
)
matter(
    "网络预约出租汽车驾驶员证核发",
    "SFX-JTJ",
    ["wjdjl", "jllc", "jfjl"],
    legal=10,
    promised=5,
    materials=[ID, "机动车驾驶证"],
)
# --- township and village services
matter(
    "高龄津贴申请",
    "SFX-CGZ",
    ["nlzm", "sczm"],
    legal=None,
    promised=15,
    materials=[ID, "社会保障卡或一卡通"],
)
matter(
    "城乡居民基本养老保险参保登记",
    "SFX-XPX",
    ["hjzm"],
    legal=5,
    promised=1,
    materials=[ID],
)
matter(
    "城乡居民基本养老保险参保登记（村级代办）",
    "SFX-SJTC",
    ["hjzm"],
    legal=5,
    promised=3,
    steps=["村代办员受理", "上报乡镇", "乡镇登记", "结果告知"],
    materials=[ID],
)
matter(
    "高龄津贴申请（社区代办）",
    "SFX-HXSQ",
    ["nlzm", "sczm"],
    legal=None,
    promised=15,
    steps=["社区代办员受理", "上报街道（乡镇）", "审核", "发放"],
    materials=[ID, "社会保障卡或一卡通"],
)
matter(
    "城乡居民基本医疗保险参保缴费（村级代办）",
    "SFX-SJTC",
    ["hjzm"],
    legal=1,
    promised=1,
    steps=["村代办员受理", "代缴", "开具缴费凭证"],
    materials=[ID],
)
matter(
    "农村宅基地申请村级审查",
    "SFX-SJTC",
    ["yhyz", "sldl"],
    legal=None,
    promised=10,
    steps=["农户申请", "村民小组会议讨论", "本村公示", "村委会审查", "上报乡镇"],
    materials=[ID, HUKOU, "农村宅基地和建房（规划许可）申请表"],
)
matter(
    "老年人优待证办理（社区代办）",
    "SFX-HXSQ",
    ["nlzm"],
    legal=None,
    promised=10,
    materials=[ID, "近期免冠照片"],
)
matter(
    "残疾人两项补贴申请（社区代办）",
    "SFX-HXSQ",
    ["cjdj", "dbzt"],
    legal=None,
    promised=10,
    steps=["社区代办员受理", "上报乡镇（街道）", "县民政局审批", "发放"],
    materials=[ID, "中华人民共和国残疾人证"],
)

# --------------------------------------------------------------------------- bundles

BUNDLES = [
    {
        "code": "B0001",
        "name": "新生儿出生一件事",
        "description": "在县人民医院产科联办窗口，一张申请表同时办理出生医学证明、预防接种证、"
        "出生登记（入户）、医保参保与缴费、社会保障卡、生育登记和生育保险待遇共9个事项；"
        "各事项共用的证明只核对一次。",
        "matters": [CSYX, JZZ, SYDJ, CSDJ, YB_XSE, SW_XSE, SBK, SYYL, SYJT],
    },
    {
        "code": "B0002",
        "name": "退休一件事",
        "description": "职工退休时一次申请，联办养老保险待遇核定、医保退休待遇核定和"
        "住房公积金提取。",
        "matters": [TUIXIU, YB_TX, GJJ_TX],
    },
    {
        "code": "B0003",
        "name": "逝者身后一件事",
        "description": "亲属一次申请，联办户口注销、殡葬补贴、丧葬补助金和抚恤金、遗属补助、"
        "医保个人账户支取、社会保障卡注销和住房公积金提取。",
        "matters": [ZXHK, BZBT, SZFX, YSBZ, YB_JC, SBK_ZX, GJJ_SW],
    },
    {
        "code": "B0004",
        "name": "企业开办一件事",
        "description": "一次提交，联办营业执照、公章刻制备案、发票领用、单位社会保险参保登记和"
        "住房公积金单位缴存登记。",
        "matters": [QYSL, GZBA, SW_KY, RS_DW, GJJ_DW],
    },
]


def build() -> dict[str, Any]:
    return {
        "format": "wuzheng-catalog",
        "format_version": 1,
        "catalog": {
            "version": "2026.11-sample",
            "published_at": "2026-11-01",
            "sample": True,
            "source": "内置示例数据：依据金华“无证明城市”、宁波海曙“无证明办事之城”和鹤峰"
            "“无证明县市”公开资料编写的虚构县（示范县）目录，仅供演示和培训，不是真实目录。",
        },
        "departments": [
            {"code": code, "name": name, "level": level}
            for code, name, level, _where in sorted(DEPARTMENTS)
        ],
        "certificate_items": sorted(ITEMS.values(), key=lambda i: i["code"]),
        "matters": sorted(MATTERS, key=lambda m: m["code"]),
        "bundles": sorted(BUNDLES, key=lambda b: b["code"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    default = Path(__file__).resolve().parent.parent / "resources" / "sample_catalog.json"
    parser.add_argument("-o", "--output", type=Path, default=default)
    args = parser.parse_args()
    doc = build()
    text = json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True)
    args.output.write_text(text + "\n", encoding="utf-8")
    print(
        f"{args.output}: {len(doc['departments'])} departments, {len(doc['matters'])} matters, "
        f"{len(doc['certificate_items'])} items, {len(doc['bundles'])} bundles"
    )


if __name__ == "__main__":
    main()
