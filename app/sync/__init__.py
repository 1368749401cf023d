"""Sync with the county hub (docs/sync-protocol.md, docs/sync-client.md).

Shared with the hub: ``wire`` (the versioned pydantic models) and ``client`` (the httpx
transport). The device's side: ``payloads`` (local rows -> wire payloads), ``outbox`` (changes
waiting, in seq order, with their revisions), ``identity`` (the enrolment, in the database),
``credentials`` (the token, in the OS keyring), ``connect``, ``push``, ``pull``, ``service``
(``SyncService``: one sync; the status for the status bar), ``inbox`` (a department's requests
and answers), ``requests`` (a window's requests as the clerk follows them), ``probe``.
"""
