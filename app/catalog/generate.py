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

from app.catalog.exchange.builder import CatalogBuilder, measure
from app.catalog.vocabulary import (
    ACTIONS,
    BUNDLE_NAMES,
    COUNTY_FIRST,
    COUNTY_SECOND,
    DEPARTMENT_VOCABULARY,
    FACTS,
    LEVEL_SUFFIX,
    MATERIALS,
    PERMIT,
    QUALIFIERS,
    STEPS,
    TOWNS,
    VILLAGES,
)

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


def county_names(count: int) -> list[str]:
    """``count`` distinct county names (``金溪县``…), the same for the same count."""
    names = [f"{a}{b}县" for a in COUNTY_FIRST for b in COUNTY_SECOND if a != b]
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
    for kind, fraction in REST_SPLIT[:-1]:
        split += [kind] * round(rest * fraction)
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
    pledge_text = (
        f"本人承诺：所申报的{row['fact']}情况真实、准确、完整，如有不实，愿意承担相应法律责任。"
    )
    first = row["measure"]
    if first == "cancel":
        return [measure("cancel")]
    if first == "share":
        out = [measure("share", provider=provider, one_click=row["one_click"], deadline_days=1)]
        if row["second"]:
            out.append(measure("verify", provider=provider, deadline_days=3))
        return out
    if first == "verify":
        out = [measure("verify", provider=provider, deadline_days=3)]
        if row["second"]:
            out.append(measure("pledge", pledge_text))
        return out
    if first == "pledge":
        out = [measure("pledge", pledge_text)]
        if row["second"]:
            out.append(measure("verify", provider=provider, deadline_days=5))
        return out
    if first == "substitute":
        return [measure("substitute", "申请人持有的相关证照（如居民身份证、户口簿、不动产权证书）")]
    if first == "other":
        return [
            measure("other", "由受理部门工作人员实地核查或调阅档案核实，不再要求申请人开具证明。")
        ]
    return [measure("retained", "相关数据暂未共享，仍需申请人提交。")]


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
    builder = CatalogBuilder(
        f"synthetic-{seed}-{counties}x{matters}x{items}",
        published_at="2026-11-01",
        sample=True,
        source=f"合成测试目录（{counties} 个县，每县 {matters} 个事项、{items} 项证明），"
        "名称由词表组合生成，措施比例参照金华公开数据，不是真实目录。",
    )
    for k, county in enumerate(county_names(counties)):
        _add_county(builder, tpl, county, f"{339001 + k}")
    return builder.document()


def _add_county(builder: CatalogBuilder, tpl: dict[str, Any], county: str, cc: str) -> None:
    """One county of the template, under the county's name and code prefix ``cc``."""
    towns = TOWNS
    for abbr, dept_name, _objects in DEPARTMENT_VOCABULARY:
        prefix = "国家税务总局" if abbr == "SWJ" else ""
        builder.department(f"{cc}-{abbr}", f"{prefix}{county}{dept_name}")
    for t, town in enumerate(towns):
        builder.department(f"{cc}-T{t:02d}", f"{town}镇人民政府", "township")
    for v, village in enumerate(VILLAGES):
        name = f"{towns[v % len(towns)]}镇{village}村村民委员会"
        builder.department(f"{cc}-V{v:02d}", name, "village")
    item_codes = [f"{cc}-C{i + 1:05d}" for i in range(len(tpl["items"]))]
    for code, row in zip(item_codes, tpl["items"], strict=True):
        builder.item(
            code,
            row["name"],
            issuer=row["issuer"],
            legal_basis=row["basis"],
            measures=_measure_list(row, cc),
        )
    matter_codes = [f"{cc}-M{i + 1:05d}" for i in range(len(tpl["matters"]))]
    for i, row in enumerate(tpl["matters"]):
        level = row["level"]
        if level == "township":
            dept = f"{cc}-T{i % len(towns):02d}"
            where = f"{towns[i % len(towns)]}镇便民服务中心"
        elif level == "village":
            dept = f"{cc}-V{i % len(VILLAGES):02d}"
            where = f"{VILLAGES[i % len(VILLAGES)]}村便民服务代办点"
        else:
            dept = f"{cc}-{row['abbr']}"
            where = f"{county}政务服务中心"
        kind = row["kind"]
        enterprise = kind == PERMIT or row["name"].startswith(("企业", "建筑", "房地产"))
        legal = (5, 10, 15, 20, 30)[i % 5]
        builder.matter(
            matter_codes[i],
            row["name"],
            dept,
            items=[item_codes[j] for j in tpl["links"][i]],
            level=level,
            applicant_kind="enterprise" if enterprise else "person",
            legal_limit_days=legal,
            promised_limit_days=max(1, legal // 3),
            fee="不收费",
            where=where,
            hours="工作日 上午9:00-12:00，下午13:30-17:30",
            steps=STEPS[kind],
            materials=MATERIALS["enterprise" if enterprise else "person"][:2],
        )
    for b, bundle in enumerate(tpl["bundles"]):
        builder.bundle(
            f"{cc}-B{b + 1:02d}",
            bundle["name"],
            matters=[matter_codes[j] for j in bundle["matters"]],
            description=f"{county}{bundle['name']}：多个事项一次申请、联合办理。",
        )


__all__ = ["county_names", "generate_catalog_document"]
