"""Printed documents (reportlab): guide sheet with flow diagram and QR, pledge form, receipt."""
