from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.utils import timezone

SUMMARY_EN = "First edition: the page as it was published from the records before editions."
SUMMARY_FR = "Première édition : la page telle qu'elle était publiée à partir des fiches avant les éditions."


def grant_publishing(apps, schema_editor):
    # Permissions are normally created after the last migration; the groups need them now.
    app_config = apps.get_app_config("missions")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, using=schema_editor.connection.alias, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    publishing = Permission.objects.filter(
        content_type__app_label="missions",
        codename__in=["publish_edition", "view_edition"],
    )
    for group in Group.objects.filter(name="Publishers"):
        group.permissions.add(*publishing)
    viewing = Permission.objects.filter(content_type__app_label="missions", codename="view_edition")
    for group in Group.objects.filter(name__in=["Editors", "Analysts"]):
        group.permissions.add(*viewing)


def first_edition(apps, schema_editor):
    """An existing site keeps its public page: edition 1 is what the records published
    before editions showed. A new, empty database gets no edition."""
    Region = apps.get_model("missions", "Region")
    if not Region.objects.filter(published=True).exists():
        return
    # The document builder reads the records through the app's own models, which match
    # the database at this point of the migrations.
    from missions.documents import build_document
    from missions.editions import Edition, content_hash

    document = build_document()
    # bulk_create, not save(): Edition.save() also indexes the edition, in tables that a
    # later migration (0010) creates, and fills them for this edition then.
    Edition.objects.bulk_create(
        [
            Edition(
                number=1,
                took_effect=timezone.localdate(),
                summary_en=SUMMARY_EN,
                summary_fr=SUMMARY_FR,
                document=document,
                content_hash=content_hash(document),
            )
        ]
    )


class Migration(migrations.Migration):
    dependencies = [("missions", "0006_editions"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [
        migrations.RunPython(grant_publishing, migrations.RunPython.noop),
        migrations.RunPython(first_edition, migrations.RunPython.noop),
    ]
