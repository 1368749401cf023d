"""Sync with the county hub: the window's outbox, the pull cursor and the hub client."""
