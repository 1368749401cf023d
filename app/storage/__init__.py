"""SQLAlchemy models and sessions for the window's SQLite database."""
