"""Two realistic versions of a county's catalog, for the catalog diff's tests and screenshot.

The old version is the built-in sample catalog published as a real one (示范县 2026.11). The
new one (2026.12) is what a county's next version looks like: the departments' registers
(tests/data/registers) merged in by the window's own import, then a few edits of the kind a
catalog review makes: a data source connected for one-click query, a verification replaced by
a data query, a provider moved to another department, a legal basis revised, a pledge text
reworded, and a certificate with no legal basis left dropped from the catalog (and from the
matters that listed it).
"""

from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path
from typing import Any

from app.catalog.diff import CatalogSource, load_document, parsed
from app.catalog.exchange import document_bytes
from app.catalog.exchange.document import DOCUMENT
from app.catalog.sample import sample_catalog_document

REGISTERS = Path(__file__).resolve().parent / "data" / "registers"
DROPPED = "C0020"  # 新生儿家庭住址证明: no legal basis, cleared
REVISED_BASIS = (
    "《最低生活保障审核确认办法》（民发〔2021〕57号）第七条、第十二条；"
    "《示范县最低生活保障实施细则》（示政办发〔2026〕12号）第九条"
)
NEW_PLEDGE = (
    "本人承诺：本人与逝者生前系合法夫妻关系，婚姻关系存续至其死亡之日；"
    "如承诺不实，愿承担相应法律责任并记入信用记录。"
)


def old_version() -> dict[str, Any]:
    doc = sample_catalog_document()
    doc["catalog"].update(version="示范县-2026.11", published_at="2026-11-01", sample=False)
    return doc


def _item(doc: dict[str, Any], code: str) -> dict[str, Any]:
    return next(i for i in doc["certificate_items"] if i["code"] == code)


@lru_cache(maxsize=1)
def _registers_merged() -> bytes:
    merged = load_document(
        CatalogSource(tuple(sorted(REGISTERS.iterdir()))), base=parsed(old_version())
    )
    return document_bytes(DOCUMENT.dump_python(merged, mode="json"))


def new_version() -> dict[str, Any]:
    import json

    doc: dict[str, Any] = json.loads(_registers_merged())
    doc["catalog"].update(version="示范县-2026.12", published_at="2026-12-01")
    # 有无机动车辆情况证明: the vehicle data now answers at once (一键查询)
    _item(doc, "C0004")["measures"][0]["one_click"] = True
    # 宅基地批建及住房情况证明: a data query before the verification
    share = {
        "measure": "share",
        "detail": "",
        "provider": "SFX-ZRJ",
        "one_click": True,
        "deadline_days": 1,
    }
    _item(doc, "C0003")["measures"].insert(0, share)
    # 无经济收入证明: verified by the civil affairs bureau instead of the township
    _item(doc, "C0006")["measures"][1]["provider"] = "SFX-MZJ"
    # 家庭收入证明: the county's own rules added to the legal basis
    _item(doc, "C0033")["legal_basis"] = REVISED_BASIS
    # 夫妻关系证明: the pledge text names the consequence of a false pledge
    _item(doc, "C0005")["measures"][0]["detail"] = NEW_PLEDGE
    # 新生儿家庭住址证明: dropped from the catalog and from every matter listing it
    doc["certificate_items"] = [i for i in doc["certificate_items"] if i["code"] != DROPPED]
    for matter in doc["matters"]:
        matter["items"] = [c for c in matter["items"] if c != DROPPED]
    return doc


def write_pair(folder: Path) -> tuple[Path, Path]:
    """Both versions as catalog files in ``folder``: (old, new)."""
    folder.mkdir(parents=True, exist_ok=True)
    old, new = folder / "目录-2026.11.json", folder / "目录-2026.12.json"
    old.write_bytes(document_bytes(old_version()))
    new.write_bytes(document_bytes(copy.deepcopy(new_version())))
    return old, new
