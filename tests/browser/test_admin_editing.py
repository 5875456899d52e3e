import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from playwright.sync_api import expect

from directory.models import Service

pytestmark = pytest.mark.browser


def test_an_aalst_editor_logs_in_and_edits_a_service_of_aalst(
    live_server, page, demo_data, artifacts_dir
):
    call_command("create_editor_group", verbosity=0)
    user = User.objects.create_user("an", password="een-lang-wachtwoord-42", is_staff=True)
    user.groups.add(Group.objects.get(name="Redactie Aalst"))
    service = Service.objects.get(slug="zorgbalie-aalst")

    page.goto(live_server.url + "/beheer/")
    page.get_by_label("Gebruikersnaam").fill("an")
    page.get_by_label("Wachtwoord").fill("een-lang-wachtwoord-42")
    page.get_by_role("button", name="Aanmelden").click()

    page.get_by_role("link", name="Diensten").first.click()
    page.wait_for_url("**/beheer/directory/service/")
    rows = page.locator("#result_list tbody tr")
    expect(page.get_by_role("link", name="Zorgbalie Stad Aalst")).to_be_visible()
    assert "Relancepsychologen" not in page.locator("#result_list").inner_text()
    assert rows.count() == Service.objects.filter(serves_cities__slug="aalst").distinct().count()

    page.get_by_role("link", name="Zorgbalie Stad Aalst").click()
    summary = page.get_by_label("Korte samenvatting")
    summary.fill("Maatschappelijk werkers van de stad helpen je met vragen over geld en zorg.")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    page.wait_for_url("**/beheer/directory/service/")

    expect(page.locator(".messagelist .success")).to_be_visible()
    page.screenshot(path=f"{artifacts_dir}/admin-editor-saved.png", full_page=True)
    service.refresh_from_db()
    assert service.summary.endswith("over geld en zorg.")
    latest = service.history.order_by("-history_id").first()
    assert latest.history_user == user

    page.goto(f"{live_server.url}/beheer/directory/service/{service.pk}/history/")
    assert "over geld en zorg." in page.locator("#change-history").inner_text()

    gent = Service.objects.get(slug="relancepsychologen-gent")
    response = page.goto(f"{live_server.url}/beheer/directory/service/{gent.pk}/change/")
    assert response.status == 403
