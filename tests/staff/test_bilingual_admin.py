"""The admin shows both languages side by side and flags a missing translation."""

import pytest
from django.urls import reverse
from django.utils import translation

from missions.models import Mission, Posting, Region

from ..helpers.records import DAY, make_mission, make_posting, make_region

pytestmark = pytest.mark.django_db


@pytest.fixture
def half_translated():
    region = make_region(slug="complete", name="Complete region")
    draft = make_mission(region, slug="draft", name="Draft mission", published=False, started=DAY)
    draft.name_fr = ""
    draft.body_en = "English only."
    draft.save()
    return region, draft


def test_a_missing_french_text_is_flagged_in_the_changelist(admin_client, half_translated):
    html = admin_client.get(reverse("admin:missions_mission_changelist")).content.decode()
    assert '<strong class="missing-translation">Missing: French</strong>' in html


def test_a_complete_record_is_marked_complete(admin_client, half_translated):
    html = admin_client.get(reverse("admin:missions_region_changelist")).content.decode()
    assert "Complete</td>" in html
    assert "missing-translation" not in html


def test_the_changelist_filters_records_missing_a_language(admin_client, half_translated):
    url = reverse("admin:missions_mission_changelist")
    missing_fr = admin_client.get(url, {"missing": "fr"}).context["cl"].result_list
    missing_en = admin_client.get(url, {"missing": "en"}).context["cl"].result_list
    assert [m.slug for m in missing_fr] == ["draft"]
    assert list(missing_en) == []


@pytest.mark.parametrize("model", [Region, Mission, Posting])
def test_missing_translation_matches_the_publish_check(model, half_translated):
    make_posting(slug="half", title="Half posting", published=False, body_en="Only English")
    for obj in model.objects.all():
        flagged = {field.rsplit("_", 1)[1] for field, _message in obj.missing_translations()}
        for language in ("en", "fr"):
            in_query = model.objects.missing_translation(language).filter(pk=obj.pk).exists()
            assert in_query == (language in flagged), (obj, language)


@pytest.mark.parametrize(
    "model,pairs",
    [
        ("region", [("name_en", "name_fr"), ("note_en", "note_fr"), ("intro_en", "intro_fr")]),
        ("mission", [("name_en", "name_fr"), ("acronym_en", "acronym_fr"), ("body_en", "body_fr")]),
        ("posting", [("title_en", "title_fr"), ("city_en", "city_fr"), ("body_en", "body_fr")]),
    ],
)
def test_the_admin_form_puts_english_and_french_side_by_side(admin_client, model, pairs):
    fieldsets = admin_client.get(reverse(f"admin:missions_{model}_add")).context["adminform"]
    rows = [tuple(line.fields) for fieldset in fieldsets for line in fieldset]
    for pair in pairs:
        assert pair in rows


def test_a_text_shown_in_the_other_language_says_so(half_translated):
    _region, draft = half_translated
    with translation.override("fr"):
        assert draft.name == "Draft mission"
        assert draft.language_of("name") == "en"
        assert draft.language_of("body") == "en"
    with translation.override("en"):
        assert draft.language_of("name") == "en"
