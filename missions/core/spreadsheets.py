"""Text bound for a spreadsheet: the public CSV downloads and every admin export."""

# A cell starting with one of these runs as a formula in Excel, LibreOffice or Sheets.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _looks_escaped(value):
    # Apostrophes already in front are counted too, so that escaping can be undone exactly.
    return isinstance(value, str) and value.lstrip("'")[:1] in FORMULA_START


def spreadsheet_safe(value):
    """Text a spreadsheet would run as a formula gets a leading apostrophe, as OWASP advises
    against CSV injection; other values are returned as they are."""
    return "'" + value if _looks_escaped(value) else value


def spreadsheet_text(value):
    """The text spreadsheet_safe() was given back: an imported export changes nothing."""
    return value[1:] if _looks_escaped(value) and value.startswith("'") else value
