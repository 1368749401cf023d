"""The county hub: FastAPI app (api), storage (store, models), push (ingest), feeds and cursors
(feed), enrolment and tokens (admin), audit chain (audit). Installed with ``wuzheng[hub]``;
the window never imports it. The protocol is described in docs/sync-protocol.md.
"""
