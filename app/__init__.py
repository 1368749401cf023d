"""Wuzheng (无证) core: catalog, cases, printing, sync. Never imports Qt."""

__version__ = "0.1.0"
