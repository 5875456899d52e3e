import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from feedback.models import Feedback
from tests.staff.conftest import admin_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(make_service):
    def make(service=None, **fields):
        fields.setdefault("message", "Het adres klopt niet meer.")
        return Feedback.objects.create(service=service or make_service(), **fields)

    return make


def test_staff_see_new_reports_with_their_service(editor_client, report):
    item = report(email="a@b.be")
    response = editor_client.get(admin_url(Feedback, "changelist"), {"status": "nieuw"})
    assert list(response.context["cl"].result_list) == [item]
    assert item.service.name in response.content.decode()


def test_marking_reports_handled_sets_the_date(editor_client, report):
    item = report()
    editor_client.post(
        admin_url(Feedback, "changelist"),
        {"action": "mark_handled", "_selected_action": [item.pk]},
    )
    item.refresh_from_db()
    assert item.status == Feedback.Status.HANDLED and item.handled_at is not None


def test_staff_cannot_add_or_rewrite_what_a_resident_wrote(editor_client, report):
    item = report()
    assert editor_client.get(admin_url(Feedback, "add")).status_code == 403
    editor_client.post(
        admin_url(Feedback, "change", item.pk), {"status": "afgehandeld", "message": "Anders."}
    )
    item.refresh_from_db()
    assert item.message == "Het adres klopt niet meer." and item.status == "afgehandeld"


def test_a_city_editor_sees_only_reports_on_their_city(
    city_editor_client, report, make_service, city, other_city
):
    mine = report(make_service(cities=[other_city]))
    theirs = report(make_service(cities=[city]))
    response = city_editor_client.get(admin_url(Feedback, "changelist"))
    assert list(response.context["cl"].result_list) == [mine]
    assert city_editor_client.get(admin_url(Feedback, "change", theirs.pk)).status_code == 403


def test_purge_erases_emails_handled_more_than_90_days_ago(report):
    now = timezone.now()
    old = report(email="oud@voorbeeld.be", status="afgehandeld")
    Feedback.objects.filter(pk=old.pk).update(handled_at=now - datetime.timedelta(days=91))
    recent = report(email="recent@voorbeeld.be", status="afgehandeld")
    open_one = report(email="open@voorbeeld.be")
    out = StringIO()

    call_command("purge_feedback", stdout=out)

    assert [Feedback.objects.get(pk=r.pk).email for r in (old, recent, open_one)] == [
        "",
        "recent@voorbeeld.be",
        "open@voorbeeld.be",
    ]
    assert "1 handled report" in out.getvalue()
    assert Feedback.objects.get(pk=old.pk).message == "Het adres klopt niet meer."


def test_reopening_a_report_clears_the_handled_date(report):
    item = report(status="afgehandeld")
    item.status = Feedback.Status.NEW
    item.save()
    assert item.handled_at is None


def test_the_report_list_takes_a_fixed_number_of_queries(
    editor_client, report, make_service, django_assert_max_num_queries
):
    for _ in range(20):
        report(make_service())
    with django_assert_max_num_queries(12):
        response = editor_client.get(admin_url(Feedback, "changelist"))
    assert response.context["cl"].result_count == 20


def test_the_admin_home_counts_new_reports(admin_client, make_service):
    service = make_service()
    Feedback.objects.create(service=service, message="Het nummer klopt niet.")
    Feedback.objects.create(service=service, message="Adres oud.", status="afgehandeld")
    content = admin_client.get("/beheer/").content.decode()
    assert "1 nieuwe melding van bewoners" in content
    assert "?status__exact=nieuw" in content


def test_a_report_has_a_mailto_link_a_whole_title_and_what_was_done(admin_client, make_service):
    message = (
        "Het telefoonnummer op deze pagina werkt niet meer sinds de verhuis naar de nieuwe "
        "locatie aan de Vlasmarkt, ik kreeg een bandje. Misschien is er een nieuw nummer?"
    )
    report = Feedback.objects.create(
        service=make_service(), message=message, email="bewoner@voorbeeld.be"
    )
    url = f"/beheer/feedback/feedback/{report.pk}/change/"
    content = admin_client.get(url).content.decode()
    assert '<a href="mailto:bewoner@voorbeeld.be">' in content
    assert report.title.endswith("ik kreeg een bandje.")  # the first sentence, whole

    response = admin_client.post(
        url, {"status": "afgehandeld", "action_taken": "Nieuw nummer gezet na telefoontje."}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.action_taken == "Nieuw nummer gezet na telefoontje."
    assert report.handled_at is not None
