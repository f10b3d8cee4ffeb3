"""Writes to partners. Views, the admin, the API and management commands call these."""
