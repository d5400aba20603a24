"""Figures and missions in and out of spreadsheets: the import command, and the admin's
import and export pages."""

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

IMPORT_HEADER = "region,mission,as_of,authorized,deployed,source"


def workbook(*rows):
    """An XLSX workbook of the rows, as bytes."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    content = io.BytesIO()
    book.save(content)
    return content.getvalue()


def write_csv(tmp_path, *rows, header=IMPORT_HEADER):
    """figures.csv in tmp_path: the header, then the rows."""
    path = tmp_path / "figures.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def run_import(path, *args):
    """manage.py import_snapshots on the file: what it wrote out, what it wrote to stderr,
    and the CommandError it raised, if any."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_snapshots", str(path), *args, stdout=out, stderr=err)
    except CommandError as e:
        return out.getvalue(), err.getvalue(), e
    return out.getvalue(), err.getvalue(), None


def upload(
    client, content, name="figures.csv", file_format="0", model="deploymentsnapshot", language="en"
):
    """The admin's import page, sent a file: the preview, or the form's errors."""
    return client.post(
        f"/{language}" + reverse(f"admin:missions_{model}_import")[3:],
        {
            "resource": "0",
            "format": file_format,
            "import_file": SimpleUploadedFile(name, content),
        },
    )


def confirm(client, preview, model="deploymentsnapshot"):
    """Confirm the import the preview shows."""
    data = {field.html_name: field.value() for field in preview.context["confirm_form"]}
    return client.post(reverse(f"admin:missions_{model}_process_import"), data)


def export(client, file_format, model="deploymentsnapshot"):
    """The admin's export, in CSV ("0") or XLSX ("1"), of every field it offers."""
    url = reverse(f"admin:missions_{model}_export")
    form = client.get(url).context["form"]
    data = {field.html_name: "on" for field in form if field.value() is True}
    data.update(resource="0", format=file_format)
    return client.post(url, data)
