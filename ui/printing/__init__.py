"""Qt printing: the print preview (:mod:`.preview`), the print actions that build a document
and show it (:mod:`.actions`), the batch export of every guide (:mod:`.export`), and painting
PDF pages on a printer (:mod:`.paper`).

The PDFs come from :mod:`app.printing`; nothing here imports reportlab.
"""
