import pytest
from django.test import override_settings
from django.urls import reverse

from feedback.models import Feedback

pytestmark = pytest.mark.django_db
GOOD = {"message": "Het telefoonnummer is veranderd.", "email": "", "website": ""}


def report_url(service):
    return reverse("feedback:report", args=[service.slug])


def test_every_service_page_ends_with_the_feedback_form(client, make_service):
    service = make_service()
    content = client.get(service.get_absolute_url()).content.decode()
    assert "Klopt er iets niet op deze pagina? Laat het ons weten" in content
    assert f'action="{report_url(service)}#melding"' in content
    assert 'name="csrfmiddlewaretoken"' in content
    assert content.index("Laat het ons weten") > content.index("contact-list")


def test_the_empty_forms_fields_are_rendered_once_per_language(client, get_in, make_service):
    """Issue 18: the fields are the same on every service page, in each language."""
    from feedback.templatetags import feedback

    feedback._blank_fields.clear()
    first, second = make_service(), make_service()
    fields = "feedback/_feedback_fields.html"

    pages = [client.get(service.get_absolute_url()) for service in (first, second)]
    french = get_in("fr", second.get_absolute_url())

    assert [fields in (t.name for t in page.templates) for page in pages] == [True, False]
    for page in pages:
        assert '<textarea name="message"' in page.text
        assert "Wat klopt er niet?" in page.text
        assert 'name="website"' in page.text
    assert fields in (t.name for t in french.templates)
    assert "Wat klopt er niet?" not in french.text
    assert '<textarea name="message"' in french.text


def test_a_report_is_stored_for_the_service_and_the_resident_thanked(client, make_service):
    service = make_service()
    response = client.post(report_url(service), GOOD | {"email": "bewoner@voorbeeld.be"})
    assert response.status_code == 302
    assert response["Location"] == reverse("feedback:thanks", args=[service.slug])
    feedback = Feedback.objects.get()
    assert (feedback.service, feedback.status) == (service, Feedback.Status.NEW)
    assert feedback.message == GOOD["message"]
    assert feedback.email == "bewoner@voorbeeld.be"
    assert "Bedankt" in client.get(response["Location"]).content.decode()


def test_the_email_is_optional(client, make_service):
    client.post(report_url(make_service()), GOOD)
    assert Feedback.objects.get().email == ""


def test_a_filled_honeypot_is_thanked_but_not_stored(client, make_service):
    response = client.post(report_url(make_service()), GOOD | {"website": "https://spam.example"})
    assert response.status_code == 302
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(
    "data, error",
    [
        ({"message": ""}, "Dit veld is verplicht"),
        ({"message": "fout"}, "minstens 10 tekens"),
        ({"message": "x" * 1001}, "1000"),
        ({"email": "geen-adres"}, "geldig e-mailadres"),
    ],
)
def test_bad_input_is_refused_with_a_dutch_message(client, make_service, data, error):
    response = client.post(report_url(make_service()), GOOD | data)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not Feedback.objects.exists()


def test_the_form_keeps_what_the_resident_typed_after_an_error(client, make_service):
    response = client.post(report_url(make_service()), GOOD | {"email": "geen-adres"})
    assert GOOD["message"] in response.content.decode()


@override_settings(FEEDBACK_RATE_LIMIT=3)
def test_it_limits_reports_per_ip(client, make_service):
    service = make_service()
    for _ in range(3):
        assert client.post(report_url(service), GOOD).status_code == 302
    response = client.post(report_url(service), GOOD)
    assert response.status_code == 429
    assert "Probeer later opnieuw" in response.content.decode()
    assert Feedback.objects.count() == 3
    other_ip = client.post(report_url(service), GOOD, REMOTE_ADDR="10.0.0.2")
    assert other_ip.status_code == 302


def test_drafts_take_no_reports(client, make_service):
    draft = make_service(is_published=False)
    assert client.post(report_url(draft), GOOD).status_code == 404


def test_it_accepts_only_get_and_post(client, make_service):
    assert client.put(report_url(make_service())).status_code == 405


def test_posting_needs_a_csrf_token(make_service):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(report_url(make_service()), GOOD)
    assert response.status_code == 403


@override_settings(FEEDBACK_RATE_LIMIT=1, PROXY_COUNT=1)
def test_behind_a_proxy_it_limits_the_client_the_proxy_saw(client, make_service):
    service = make_service()
    first = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    assert client.post(report_url(service), GOOD, **first).status_code == 302
    forged = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 198.51.100.7"}
    assert client.post(report_url(service), GOOD, **forged).status_code == 429
    other = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    assert client.post(report_url(service), GOOD, **other).status_code == 302
