"""Spreadsheet import and export in the admin: CSV and XLSX, previewed then confirmed,
with the columns named in the editor's language."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import SelectableFieldsExportForm

from missions.staff.importing import (
    BoundedCSV,
    BoundedXLSX,
    ImportFileError,
    column_label,
    file_table,
)


class LabelledExportForm(SelectableFieldsExportForm):
    """The export page's fields, named in the editor's language."""

    def _get_field_label(self, resource, field_name):
        return column_label(resource._meta.model, field_name)


class SpreadsheetImportMixin(ImportExportMixin):
    """CSV and XLSX import and export. An import is previewed, then confirmed; it is
    all or nothing, with the same checks as `manage.py import_snapshots`."""

    formats = [CSV, XLSX]
    # Read within the IMPORT_MAX_* limits, refusing a file that cannot be read exactly.
    import_formats = [BoundedCSV, BoundedXLSX]
    import_template_name = "admin/missions/import.html"
    export_template_name = "admin/missions/export.html"
    export_form_class = LabelledExportForm

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        result = getattr(response, "context_data", {}).get("result")
        if result is not None and not result.has_errors():
            response.context_data["file_table"] = file_table(result, self.model)
        if getattr(response, "context_data", None) and "fields_list" in response.context_data:
            response.context_data["fields_list"] = [
                (name, [column_label(self.model, column) for column in columns])
                for name, columns in response.context_data["fields_list"]
            ]
        return response

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, ImportFileError):
            form.add_error("import_file", str(e))
        else:
            form.add_error(
                "import_file",
                gettext("The file cannot be read. Check that its format is the one chosen."),
            )

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            # The data changed between the preview and the confirmation; nothing was written.
            self.message_user(
                request,
                gettext(
                    "Nothing was imported: the file no longer passes the checks, probably "
                    "because the records changed since the preview. Import it again to see why."
                ),
                messages.ERROR,
            )
            return HttpResponseRedirect(
                reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import")
            )
        return super().process_result(result, request)
