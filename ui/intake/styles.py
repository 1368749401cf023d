"""The colours of the intake dialog's messages: a refusal, a check passed, a warning."""

ERROR_STYLE = "color: #b3261e;"
OK_STYLE = "color: #2e7d32;"
WARN_STYLE = "color: #8a4b00;"
