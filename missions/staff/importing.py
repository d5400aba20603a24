"""Reading an uploaded spreadsheet safely, before any row is checked, and reporting each
row by the line of the file it starts on.

A file is refused with a message that names the limit or the line at fault if it is too
large (bytes, rows, cells, or, for XLSX, what it unzips to), empty, has a quote that never
closes, or has a row with more or fewer values than the header. The limits are settings
(IMPORT_MAX_*), shared by the admin and `manage.py import_snapshots`.
"""

import csv
import io
import zipfile

import tablib
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist
from django.core.files.uploadhandler import FileUploadHandler
from django.forms.utils import pretty_name
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from import_export.formats.base_formats import CSV, XLSX
from import_export.results import Result, RowResult


class ImportFileError(ValueError):
    """The file cannot be read as a table; the message says why, for the editor."""


def limit(name):
    return getattr(settings, f"IMPORT_MAX_{name}")


class BoundedUploadHandler(FileUploadHandler):
    """Keeps at most IMPORT_MAX_BYTES + 1 bytes of an uploaded file: the rest is dropped as
    it arrives, so a huge upload costs neither memory nor disk, and the import then says
    the file is over the limit."""

    def receive_data_chunk(self, raw_data, start):
        keep = limit("BYTES") + 1 - start
        return raw_data[:keep] if keep > 0 else None

    def file_complete(self, file_size):
        return None


def check_size(size):
    """Refuses a file of `size` bytes over the limit."""
    if size > limit("BYTES"):
        raise ImportFileError(
            _("The file is larger than %(limit)s, the most an import can take. Split it.")
            % {"limit": filesizeformat(limit("BYTES"))}
        )


def too_many_rows():
    return ImportFileError(
        _("The file has more than %(limit)s rows, the most an import can take. Split it.")
        % {"limit": number_format(limit("ROWS"), force_grouping=True)}
    )


def too_many_cells():
    return ImportFileError(
        _("The file has more than %(limit)s cells, the most an import can take. Split it.")
        % {"limit": number_format(limit("CELLS"), force_grouping=True)}
    )


def wrong_width(line, count, columns):
    if count > columns:
        reason = _("an extra comma, or a value with a comma that is not in quotes?")
    else:
        reason = _("a missing value?")
    return ImportFileError(
        _(
            "Line %(line)d has %(count)d values, but the header has %(columns)d columns "
            "(%(reason)s)."
        )
        % {"line": line, "count": count, "columns": columns, "reason": reason}
    )


def build_dataset(header, rows):
    """rows are (line, values). Trailing empty rows are dropped; any other row must have
    as many values as the header. The dataset's `lines` are the lines the rows start on."""
    if not header or not any(str(cell or "").strip() for cell in header):
        raise ImportFileError(_("The file is empty: its first line must be the header row."))
    if len(header) * (len(rows) + 1) > limit("CELLS"):
        raise too_many_cells()
    while rows and not any(str(cell or "").strip() for cell in rows[-1][1]):
        rows.pop()
    dataset = tablib.Dataset(headers=list(header))
    for line, values in rows:
        if len(values) != len(header):
            raise wrong_width(line, len(values), len(header))
        dataset.append(list(values))
    # A quoted value over several lines puts a CSV record's line ahead of its row number.
    dataset.lines = [line for line, _values in rows]
    return dataset


def line_label(line, row):
    """A row as the editor finds it: the line of the file it starts on, with its row in a
    spreadsheet (the header is row 1) when the two differ."""
    if line == row:
        return str(line)
    return _("%(line)d (spreadsheet row %(row)d)") % {"line": line, "row": row}


class FileLineResult(Result):
    """Numbers each row as a spreadsheet does (the header is row 1), and knows the line of
    the file each row starts on (`lines`, by row number). `warnings` are what a preview
    asks the editor to check (missions/editions/warnings.py); they do not stop the import."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.warnings = []
        self.lines = {}

    def locate(self, lines):
        """Takes the lines the rows start on, and names each row with an error by them."""
        self.lines = dict(enumerate(lines, start=2))
        for row in [*self.invalid_rows, *self.error_rows]:
            row.where = self.where(row.number)

    def line(self, number):
        return self.lines.get(number, number)

    def where(self, number):
        return line_label(self.line(number), number)

    def append_invalid_row(self, number, row, validation_error):
        super().append_invalid_row(number + 1, row, validation_error)

    def append_error_row(self, number, row, errors):
        super().append_error_row(number + 1, row, errors)


def read_csv(text):
    """A tablib Dataset from CSV text, refusing what the csv module would guess at."""
    check_size(len(text.encode() if isinstance(text, str) else text))
    if isinstance(text, bytes):
        text = text.decode("utf-8-sig")
    text = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows = []
    header = None
    while True:
        line = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            if "field larger" in str(error):
                raise ImportFileError(
                    _("A value on line %(line)d is too long.") % {"line": line}
                ) from error
            if reader.line_num > line or "end of data" in str(error):
                raise ImportFileError(
                    _(
                        "A quote opened on line %(line)d is never closed, so the lines after "
                        "it would be read as one value. Close the quote, or remove it."
                    )
                    % {"line": line}
                ) from error
            raise ImportFileError(
                _('Line %(line)d cannot be read: a quote inside a value must be doubled ("").')
                % {"line": line}
            ) from error
        if header is None:
            header = values
            if len(header) > limit("COLUMNS"):
                raise too_many_cells()
            continue
        if len(rows) >= limit("ROWS"):
            raise too_many_rows()
        if len(values) != len(header) and any(value.strip() for value in values):
            raise wrong_width(line, len(values), len(header))
        rows.append((line, values))
    return build_dataset(header, rows)


def read_xlsx(data):
    """A tablib Dataset from the first sheet of an XLSX file, refusing a file that would
    unzip to more than IMPORT_MAX_UNZIPPED_BYTES (a zip bomb, or one huge shared string)
    before openpyxl reads any of it."""
    import openpyxl

    check_size(len(data))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as error:
        raise ImportFileError(_("The file is not an Excel (XLSX) workbook.")) from error
    if unzipped > limit("UNZIPPED_BYTES"):
        raise ImportFileError(
            _(
                "The workbook unzips to more than %(limit)s, the most an import can take. "
                "Save it as CSV, or split it."
            )
            % {"limit": filesizeformat(limit("UNZIPPED_BYTES"))}
        )
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        header = next(
            sheet.iter_rows(max_row=1, max_col=limit("COLUMNS") + 1, values_only=True), ()
        )
        while header and header[-1] in (None, ""):
            header = header[:-1]
        if len(header) > limit("COLUMNS"):
            raise too_many_cells()
        rows = []
        width = len(header) + 1  # one more column shows a value beyond the header
        for line, values in enumerate(
            sheet.iter_rows(min_row=2, max_col=max(width, 1), values_only=True), start=2
        ):
            if len(rows) >= limit("ROWS"):
                raise too_many_rows()
            values = list(values) + [None] * (width - len(values))
            if values[-1] not in (None, ""):
                raise wrong_width(line, width, len(header))
            rows.append((line, values[:-1]))
        return build_dataset(header, rows)
    except ImportFileError:
        raise
    except Exception as error:  # openpyxl raises many kinds of errors on a broken file
        raise ImportFileError(_("The file is not an Excel (XLSX) workbook.")) from error


class BoundedCSV(CSV):
    def create_dataset(self, in_stream, **kwargs):
        return read_csv(in_stream)


class BoundedXLSX(XLSX):
    def create_dataset(self, in_stream):
        return read_xlsx(in_stream)


def column_label(model, column):
    """A column's name as the editor reads it: the field's label in their language."""
    try:
        return capfirst(model._meta.get_field(column).verbose_name)
    except FieldDoesNotExist:
        return pretty_name(column)


def file_table(result, model):
    """Every row of an import as read, each error under the value it is about, for the
    preview: {"headers": [...], "rows": [{"line", "where", "status", "cells", "errors"}]}."""
    columns = list(result.diff_headers)
    statuses = {
        RowResult.IMPORT_TYPE_NEW: _("New"),
        RowResult.IMPORT_TYPE_UPDATE: _("Update"),
        RowResult.IMPORT_TYPE_SKIP: _("Unchanged"),
        RowResult.IMPORT_TYPE_INVALID: _("Error"),
    }
    rows = []
    for number, row in enumerate(result.rows, start=2):
        errors = {}
        if row.validation_error is not None:
            errors = dict(getattr(row.validation_error, "message_dict", {}))
            if not errors:
                errors = {"__all__": row.validation_error.messages}
        for error in row.errors:
            errors.setdefault("__all__", []).append(str(error.error))
        values = getattr(row, "values", {})
        rows.append(
            {
                "line": result.line(number),
                "where": result.where(number),
                "status": statuses.get(row.import_type, row.import_type),
                "invalid": bool(errors),
                "cells": [
                    ("" if values.get(column) is None else values[column], errors.pop(column, []))
                    for column in columns
                ],
                "errors": [message for messages in errors.values() for message in messages],
            }
        )
    return {"headers": [column_label(model, column) for column in columns], "rows": rows}


def problems(result):
    """Every problem of an import, one line each, with its line number in the file."""
    lines = [str(error.error) for error in result.base_errors]
    numbered = [(row.number, str(error.error)) for row in result.error_rows for error in row.errors]
    for row in result.invalid_rows:
        for field, messages in row.error_dict.items():
            prefix = "" if field == NON_FIELD_ERRORS else f"{field}: "
            numbered += [(row.number, prefix + message) for message in messages]
    lines += [
        _("line %(line)s: %(problem)s") % {"line": result.where(number), "problem": problem}
        for number, problem in sorted(numbered, key=lambda item: item[0])
    ]
    return lines
