"""Building complete exchange documents from the fields that matter.

The sample catalog (``resources/sample_catalog.toml``), the synthetic catalogs of
:mod:`app.catalog.generate` and the test catalogs are all built here. Every row gets every
field of the format, the format's default where none is given, and each list comes out sorted
by code as export writes it, so a built document round-trips byte for byte. Codes are always
given by the caller: nothing here numbers rows.

The builder does not validate: import (:func:`app.catalog.exchange.parse_document`) does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from app.catalog.exchange.document import FORMAT, FORMAT_VERSION, SECTIONS


def measure(
    measure: str,
    detail: str = "",
    *,
    provider: str | None = None,
    one_click: bool = False,
    deadline_days: int | None = None,
) -> dict[str, Any]:
    """One measure of a certificate item, every field present."""
    return {
        "measure": measure,
        "detail": detail,
        "provider": provider,
        "one_click": one_click,
        "deadline_days": deadline_days,
    }


class CatalogBuilder:
    """Collects the rows of one catalog; :meth:`document` returns the exchange document."""

    def __init__(
        self, version: str, *, published_at: str = "", sample: bool = False, source: str = ""
    ) -> None:
        self.catalog = {
            "version": version,
            "published_at": published_at,
            "sample": sample,
            "source": source,
        }
        self.rows: dict[str, list[dict[str, Any]]] = {section: [] for section in SECTIONS}

    def department(self, code: str, name: str, level: str = "county") -> None:
        self.rows["departments"].append({"code": code, "name": name, "level": level})

    def item(
        self,
        code: str,
        name: str,
        *,
        issuer: str = "",
        legal_basis: str = "",
        measures: Iterable[Mapping[str, Any]] = (),
    ) -> None:
        """A certificate item; ``measures`` in order of preference, each given by the fields
        of :func:`measure` (the others take their defaults)."""
        self.rows["certificate_items"].append(
            {
                "code": code,
                "name": name,
                "issuer": issuer,
                "legal_basis": legal_basis,
                "measures": [measure(**m) for m in measures],
            }
        )

    def matter(
        self,
        code: str,
        name: str,
        department: str,
        *,
        items: Iterable[str] = (),
        level: str = "county",
        applicant_kind: str = "person",
        legal_limit_days: int | None = None,
        promised_limit_days: int | None = None,
        fee: str = "",
        where: str = "",
        hours: str = "",
        steps: Iterable[str] = (),
        materials: Iterable[str] = (),
    ) -> None:
        """A matter; ``items`` are the codes of the certificate items it used to demand."""
        self.rows["matters"].append(
            {
                "code": code,
                "name": name,
                "department": department,
                "level": level,
                "applicant_kind": applicant_kind,
                "legal_limit_days": legal_limit_days,
                "promised_limit_days": promised_limit_days,
                "fee": fee,
                "where": where,
                "hours": hours,
                "steps": list(steps),
                "materials": list(materials),
                "items": list(items),
            }
        )

    def bundle(
        self, code: str, name: str, *, matters: Iterable[str] = (), description: str = ""
    ) -> None:
        """A bundle (一件事) of the matters with these codes, in this order."""
        self.rows["bundles"].append(
            {"code": code, "name": name, "description": description, "matters": list(matters)}
        )

    def document(self) -> dict[str, Any]:
        """The exchange document: every section sorted by code."""
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "catalog": dict(self.catalog),
            **{
                section: sorted(rows, key=lambda row: str(row["code"]))
                for section, rows in self.rows.items()
            },
        }

    @classmethod
    def from_tables(cls, tables: Mapping[str, Any]) -> CatalogBuilder:
        """A builder filled from tables shaped like the exchange document (a ``catalog`` table
        and a list of rows per section, defaults left out), as TOML writes them."""
        unknown = set(tables) - {"catalog", *SECTIONS}
        if unknown:
            raise ValueError(f"unknown sections: {', '.join(sorted(unknown))}")
        builder = cls(**tables["catalog"])
        adders: dict[str, Callable[..., None]] = {
            "departments": builder.department,
            "certificate_items": builder.item,
            "matters": builder.matter,
            "bundles": builder.bundle,
        }
        for section, add in adders.items():
            for index, row in enumerate(tables.get(section, [])):
                try:
                    add(**row)
                except TypeError as exc:  # a misspelt or missing key
                    raise ValueError(f"{section}[{index}]: {exc}") from exc
        return builder


__all__ = ["CatalogBuilder", "measure"]
