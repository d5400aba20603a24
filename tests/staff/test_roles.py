"""Who may do what: anonymous visitors, a signed-in user who is not staff, the three
groups the migrations create, and a superuser, against each admin action and public URL."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from missions.models import Mission

from ..helpers.editions import publish_working_copy
from ..helpers.records import DAY, make_mission, make_region, make_snapshot
from ..helpers.staff import admin_form_data, signed_in

pytestmark = pytest.mark.django_db

USERS = ["anonymous", "non-staff", "Analysts", "Editors", "Publishers", "superuser"]


@pytest.fixture
def records():
    region = make_region()
    public = make_mission(region, slug="public", name="Public mission", started=DAY)
    draft = make_mission(region, slug="draft", name="Draft mission", published=False)
    snapshot = make_snapshot(region, draft, authorized=5)
    publish_working_copy()
    return public, draft, snapshot


def client_for(user):
    if user == "anonymous":
        return Client()
    if user == "non-staff":
        return signed_in(username="visitor", staff=False)
    if user == "superuser":
        return signed_in(username="root", superuser=True)
    return signed_in(user)


def test_the_migrations_create_the_three_groups():
    assert set(Group.objects.values_list("name", flat=True)) == {
        "Editors",
        "Publishers",
        "Analysts",
    }


def test_the_groups_hold_exactly_their_permissions():
    def codenames(group):
        return set(Group.objects.get(name=group).permissions.values_list("codename", flat=True))

    models = ["region", "mission", "posting", "deploymentsnapshot"]
    view = {f"view_{m}" for m in models}
    edit = view | {f"{action}_{m}" for m in models for action in ("add", "change")}
    assert codenames("Analysts") == view | {"view_edition", "view_feedback"}
    assert codenames("Editors") == edit | {"view_edition", "view_feedback"}
    assert codenames("Publishers") == edit | {f"delete_{m}" for m in models} | {
        "view_edition",
        "view_feedback",
        "delete_feedback",
        "publish_edition",
        "publish_region",
        "publish_mission",
        "publish_posting",
        "view_purgejob",
    }


# What each kind of user gets from each admin action. "login" is a redirect to sign in;
# True/False for the publish action says whether the draft got published.
ADMIN = {
    #                 anonymous non-staff Analysts Editors Publishers superuser
    "changelist": ["login", "login", 200, 200, 200, 200],
    "add form": ["login", "login", 403, 200, 200, 200],
    "change form": ["login", "login", 200, 200, 200, 200],
    "save a change": ["login", "login", 403, 302, 302, 302],
    "delete": ["login", "login", 403, 403, 200, 200],
    "history": ["login", "login", 200, 200, 200, 200],
    "revert a draft": ["login", "login", 403, 302, 302, 302],
    "publish": ["login", "login", False, False, True, True],
    "import figures": ["login", "login", 403, 200, 200, 200],
    "export figures": ["login", "login", 200, 200, 200, 200],
}


def do(action, client, records):
    _public, draft, snapshot = records
    mission_change = reverse("admin:missions_mission_change", args=[draft.pk])
    if action == "changelist":
        return client.get(reverse("admin:missions_mission_changelist"))
    if action == "add form":
        return client.get(reverse("admin:missions_mission_add"))
    if action == "change form":
        return client.get(mission_change)
    if action == "save a change":
        form = admin_form_data(form_reader().get(mission_change), name_en="Changed")
        return client.post(mission_change, form)
    if action == "delete":
        return client.get(reverse("admin:missions_deploymentsnapshot_delete", args=[snapshot.pk]))
    if action == "history":
        return client.get(reverse("admin:missions_mission_history", args=[draft.pk]))
    if action == "revert a draft":
        url = reverse(
            "admin:missions_mission_simple_history", args=[draft.pk, draft.history.get().pk]
        )
        return client.post(url, admin_form_data(form_reader().get(url)))
    if action == "publish":
        response = client.post(
            reverse("admin:missions_mission_changelist"),
            {"action": "publish", "_selected_action": [draft.pk]},
        )
        if response.status_code == 302 and "/login/" in response["Location"]:
            return response
        return Mission.objects.get(pk=draft.pk).published
    if action == "import figures":
        return client.get(reverse("admin:missions_deploymentsnapshot_import"))
    if action == "export figures":
        return client.get(reverse("admin:missions_deploymentsnapshot_export"))
    raise ValueError(action)


def form_reader():
    """A superuser's client, to read a form as it is shown before another user posts it."""
    return signed_in(username="form-reader", superuser=True)


# The whole matrix, each kind of user against each action: a sweep, for make test.
@pytest.mark.slow
@pytest.mark.parametrize("action", ADMIN)
@pytest.mark.parametrize("user", USERS)
def test_admin_permissions(records, user, action):
    expected = ADMIN[action][USERS.index(user)]
    result = do(action, client_for(user), records)
    if expected == "login":
        assert result.status_code == 302 and "/admin/login/" in result["Location"]
    elif isinstance(expected, bool):
        assert result is expected
    else:
        assert result.status_code == expected


def test_an_editor_creates_drafts_and_cannot_publish_through_the_form(records):
    editor = client_for("Editors")
    _public, draft, _snapshot = records
    url = reverse("admin:missions_mission_change", args=[draft.pk])
    page = editor.get(url)
    assert "published" not in page.context["adminform"].form.fields  # shown read-only

    editor.post(url, admin_form_data(page, name_en="Edited", published="on"))

    draft.refresh_from_db()
    assert (draft.name_en, draft.published) == ("Edited", False)


PUBLIC = {
    #                  anonymous non-staff Analysts Editors Publishers superuser
    "current page": [200, 200, 200, 200, 200, 200],
    "published mission": [200, 200, 200, 200, 200, 200],
    "draft mission": [404, 404, 404, 404, 404, 404],
    "preview of a draft mission": ["login", 403, 200, 200, 200, 200],
    "preview of the current page": ["login", 403, 200, 200, 200, 200],
}
PUBLIC_URLS = {
    "current page": "/en/current-peace-operations/",
    "published mission": "/en/missions/public/",
    "draft mission": "/en/missions/draft/",
    "preview of a draft mission": "/en/missions/draft/?preview=1",
    "preview of the current page": "/en/current-peace-operations/?preview=1",
}


@pytest.mark.slow
@pytest.mark.parametrize("page", PUBLIC)
@pytest.mark.parametrize("user", USERS)
def test_public_pages_by_user(records, user, page):
    expected = PUBLIC[page][USERS.index(user)]
    response = client_for(user).get(PUBLIC_URLS[page])
    if expected == "login":
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    else:
        assert response.status_code == expected
    if response.status_code == 200 and "preview" not in page:
        assert "Draft mission" not in response.content.decode()
