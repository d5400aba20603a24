"""Helpers for the tests, by subject: records (the working copy, with fixed dates), editions
(publishing, or storing an edition directly), pages (public addresses, what a page holds),
staff (users signed in, admin forms as posted), environment (project files, settings,
Redis), edition_files (historical edition files) and spreadsheets (import and export)."""
