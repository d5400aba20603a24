from django.db import migrations, models

MODELS = [
    "Region",
    "Mission",
    "Posting",
    "DeploymentSnapshot",
    "HistoricalRegion",
    "HistoricalMission",
    "HistoricalPosting",
    "HistoricalDeploymentSnapshot",
]


def normalize_line_endings(apps, schema_editor):
    """Text saved through the admin before line breaks were normalised holds CRLF."""
    for name in MODELS:
        model = apps.get_model("missions", name)
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField) and not field.choices
        ]
        for field in fields:
            for pk, value in model._base_manager.filter(**{f"{field}__contains": "\r"}).values_list(
                "pk", field
            ):
                fixed = value.replace("\r\n", "\n").replace("\r", "\n")
                model._base_manager.filter(pk=pk).update(**{field: fixed})


class Migration(migrations.Migration):
    dependencies = [("missions", "0004_snapshot_as_of_index")]

    operations = [migrations.RunPython(normalize_line_endings, migrations.RunPython.noop)]
