"""Plain helpers that make test records, with fixed dates."""

import datetime
from html.parser import HTMLParser

from missions.models import DeploymentSnapshot, Mission, Posting, Region

DAY = datetime.date(2020, 6, 1)

# Every public page of the seed content, in both languages where it has two, with the 400
# and 404 pages. The browser, axe and HTML checks go through all of them.
PUBLIC_PAGES = [
    "/",
    "/en/current-peace-operations/",
    "/fr/missions-en-cours/",
    "/en/current-peace-operations/?as_of=2018-01-01",
    "/fr/missions-en-cours/?as_of=2018-01-01",
    "/en/current-peace-operations/?as_of=2018-02-30",
    "/fr/missions-en-cours/?as_of=2018-02-30",
    "/en/missions/minujusth/",
    "/fr/missions/minujusth/",
    "/en/missions/binuh/",
    "/fr/missions/binuh/",
    "/en/regions/caribbean-region/",
    "/fr/regions/caribbean-region/",
    "/en/no-such-page/",
    "/fr/aucune-page/",
]


def make_region(slug="ukraine", name="Ukraine", position=1, published=True, **kwargs):
    kwargs.setdefault("language", "en")
    return Region.objects.create(
        slug=slug,
        name_en=name,
        name_fr=kwargs.pop("name_fr", f"{name} FR"),
        position=position,
        published=published,
        **kwargs,
    )


def make_mission(region, slug="bilateral", name="Bilateral engagement", published=True, **kwargs):
    kwargs.setdefault("kind", Mission.Kind.BILATERAL)
    return Mission.objects.create(
        region=region,
        slug=slug,
        name_en=name,
        name_fr=kwargs.pop("name_fr", f"{name} FR"),
        published=published,
        **kwargs,
    )


def make_snapshot(region, mission=None, as_of=DAY, authorized=10, deployed=None, **kwargs):
    return DeploymentSnapshot.objects.create(
        region=region,
        mission=mission,
        as_of=as_of,
        authorized=authorized,
        deployed=deployed,
        **kwargs,
    )


def make_posting(slug="icc", title="International Criminal Court", published=True, **kwargs):
    kwargs.setdefault("kind", Posting.Kind.SPECIALIZED)
    return Posting.objects.create(
        slug=slug,
        title_en=title,
        title_fr=kwargs.pop("title_fr", f"{title} FR"),
        published=published,
        **kwargs,
    )


class _TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def start_tags(html):
    """Every start tag in the page, as (name, attributes), as a browser would parse them."""
    collector = _TagCollector()
    collector.feed(html)
    collector.close()
    return collector.tags


def inline_scripts(html):
    """Scripts a strict CSP would block: inline ones (JSON data blocks don't run) and
    event-handler attributes."""
    found = []
    for tag, attrs in start_tags(html):
        if tag == "script" and "src" not in attrs and attrs.get("type") != "application/json":
            found.append(tag)
        found += [f"{tag} {name}" for name in attrs if name.startswith("on")]
    return found


def inline_styles(html):
    """Styles a strict CSP would block: <style> elements and style attributes."""
    return [(tag, attrs) for tag, attrs in start_tags(html) if tag == "style" or "style" in attrs]


def make_user(username, group=None, staff=True, superuser=False):
    """A user, staff by default, in one of the groups the migrations create."""
    from django.contrib.auth.models import Group, User

    # No password (and so no slow hashing): tests sign in with force_login.
    user = User.objects.create_user(username, is_staff=staff, is_superuser=superuser)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def form_values(form):
    """What a browser would post for a form as rendered."""
    from django.forms import CheckboxInput

    values = {}
    for field in form:
        value = field.value()
        if isinstance(field.field.widget, CheckboxInput):
            if value:
                values[field.html_name] = "on"
        elif value is not None:
            values[field.html_name] = str(value)
    return values


def admin_form_data(response, **changes):
    """The data an admin change (or revert) page posts when saved as shown, with changes."""
    data = form_values(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", []):
        data.update(form_values(inline.formset.management_form))
        for form in inline.formset.forms:
            data.update(form_values(form))
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def publish_working_copy(took_effect=None, summary="Published.", user=None):
    """Publish the working copy as the next edition, as a Publisher would after reviewing
    it; with took_effect, the edition is dated then (editions are published in date order)."""
    from missions.documents import build_document
    from missions.editions import Edition, content_hash, publish

    live = Edition.objects.live()
    edition = publish(
        user=user,
        summary_en=summary,
        summary_fr=f"{summary} (FR)",
        significant=True,
        reviewed_hash=content_hash(build_document()),
        base_number=live.number if live else 0,
    )
    if took_effect:
        Edition.objects.filter(pk=edition.pk).update(took_effect=took_effect)
        edition.refresh_from_db()
    return edition
