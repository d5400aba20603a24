"""The page feedback in French, in a real browser: No, then details with personal
information in them, then the thank-you page; what is stored is masked."""

import pytest
from playwright.sync_api import expect

from missions.models.feedback import Feedback

from .conftest import violations

pytestmark = pytest.mark.browser

FRENCH = "/fr/missions-en-cours/"
WARNING = (
    "N'incluez pas de renseignements personnels (téléphone, courriel, NAS, renseignements "
    "financiers, médicaux ou professionnels)."
)


def test_a_french_no_with_personal_details_is_stored_masked(page, visit, axe):
    visit(FRENCH)
    page.get_by_role("region", name="Rétroaction sur la page").get_by_role(
        "button", name="Non"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dites-nous ce qui n'allait pas")
    page.wait_for_function(
        """() => [...document.querySelectorAll('*')]
            .filter(el => el.localName.startsWith('gcds-'))
            .every(el => el.classList.contains('hydrated'))"""
    )
    details = page.get_by_label("Veuillez fournir plus de détails")
    expect(details).to_have_attribute("maxlength", "300")
    expect(page.get_by_text(WARNING)).to_be_visible()
    assert violations(axe, page) == []

    details.fill("Écrivez-moi à nom@exemple.ca ou au (613) 555 0199. NAS 046-454-286.")
    page.get_by_role("button", name="Soumettre").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Merci de vos commentaires")
    assert violations(axe, page) == []

    report = Feedback.objects.get()
    assert (report.path, report.language, report.helpful) == (FRENCH, "fr", False)
    assert report.details == (
        "Écrivez-moi à [courriel retiré] ou au [numéro de téléphone retiré]. NAS [NAS retiré]."
    )
