"""Errors meant for the user (Chinese): raised by services, shown by the CLI and the GUI."""


class UserError(Exception):
    """A refusal or bad input. ``str(error)`` is a complete, polite sentence in Chinese.

    Services raise it before changing anything (or inside a transaction that is rolled back),
    so a UserError never leaves partial changes behind.
    """


class NotFound(UserError):
    """A code or id that names nothing."""
