"""Issue 14: honest data. Where each fact comes from, who checked it, unknowns shown as unknown,
day-and-night lines, drafts kept from residents, and the demo fixtures held to the sources."""

import datetime
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from directory import opening
from directory.models import City, Closure, Service

pytestmark = pytest.mark.django_db
BRUSSELS = opening.BRUSSELS
LIST = reverse("directory:service_list")
FIXTURES = Path(settings.BASE_DIR) / "fixtures"
SOURCES = Path(settings.BASE_DIR).parent / "shared" / "sources"
# Numbers the sources do not hold but that may be in the demo (issue 14): the national lines,
# and Gentinfo only when labelled as the city's general number.
NATIONAL_LINES = {"112", "1813", "106", "102", "1712"}


def demo_services():
    rows = json.loads((FIXTURES / "demo_services.json").read_text())
    return [row["fields"] for row in rows if row["model"] == "directory.service"]


def demo_channels():
    rows = json.loads((FIXTURES / "demo_services.json").read_text())
    return [row["fields"] for row in rows if row["model"] == "directory.contactchannel"]


# --- the fixtures themselves -------------------------------------------------------------


def test_every_demo_service_names_its_source_and_none_claims_a_check():
    for fields in demo_services():
        slug = fields["slug"]
        assert fields.get("source_kind") in Service.SourceKind.values, slug
        assert fields.get("source_title") or fields.get("source_url"), slug
        if fields.get("last_verified"):
            assert fields.get("verified_by") and fields.get("verified_for"), slug
        assert not fields.get("last_verified"), f"{slug}: loading the demo never sets a check"
        url = fields.get("source_url") or ""
        assert url == "" or url.startswith(("https://", "http://")), slug


def test_the_demo_phone_numbers_are_sourced_national_lines_or_labelled_city_lines():
    if not SOURCES.is_dir():
        pytest.skip("the public sources are kept beside the repository, in ../shared/sources")
    sources = " ".join(path.read_text() for path in SOURCES.glob("*.txt"))
    for channel in demo_channels():
        if channel["kind"] not in ("telefoon", "gratis_nummer", "gsm"):
            continue
        number = channel["value"]
        if number in NATIONAL_LINES or number in sources:
            continue
        if number == "09 210 10 10":
            assert "algemene nummer van Stad Gent" in channel["label"], channel
            continue
        service = next(s for s in demo_services() if s["slug"] == channel["service"][0])
        assert service["source_kind"] == "voorbeeld", f"{number} of {service['slug']}"


def test_the_psychologists_figures_and_prices_follow_the_report():
    services = {fields["slug"]: fields for fields in demo_services()}
    adults = services["eerstelijnspsychologen-gent-volwassenen"]["description"]
    youth = services["eerstelijnspsychologen-gent-kinderen-en-jongeren"]["description"]
    assert "735 sessies per week voor volwassenen" in adults
    assert "357 sessies per week voor kinderen en jongeren" in youth
    local = services["psychologen-lokale-dienstencentra-gent"]
    assert local["cost"] != "gratis"
    assert "11 euro" in local["cost_note"] and "4 euro" in local["cost_note"]


# --- the demo as residents see it ----------------------------------------------------------


def test_service_pages_say_where_the_facts_come_from(client, demo_data):
    page = client.get(reverse("directory:service_detail", args=["caw-onthaal-aalst"]))
    html = page.content.decode()
    assert "Uit een publieke bron, nog niet gecontroleerd door de stad" in html
    assert "Laatst gecontroleerd" not in html
    report = client.get(reverse("directory:service_detail", args=["wijknetwerkers-ggz-gent"]))
    demo = client.get(reverse("directory:service_detail", args=["druglijn"]))
    relance = client.get(reverse("directory:service_detail", args=["relancepsychologen-gent"]))
    assert "Voorbeeldgegevens" in demo.content.decode()
    assert "Uit een publieke bron van 2023" in relance.content.decode()
    assert "nog niet gecontroleerd door de stad" in report.content.decode()


def test_unknown_hours_and_languages_are_shown_as_unknown(client, demo_data, monkeypatch):
    monday_10 = datetime.datetime(2026, 11, 23, 10, tzinfo=BRUSSELS)
    monkeypatch.setattr(opening, "brussels_now", lambda: monday_10)
    html = client.get(
        reverse("directory:service_detail", args=["dienst-samenleving-aalst"])
    ).content.decode()
    assert "Uren: bel eerst" in html
    assert "Gesloten" not in html
    assert "Taal: vraag bij je eerste contact" in html
    assert "Tolk: vraag ernaar bij je eerste contact." in html
    listing = client.get(LIST, {"stad": "aalst"}).content.decode()
    assert "Uren onbekend" in listing and "Nu gesloten" not in listing


def test_at_three_in_the_morning_open_now_in_gent_shows_the_night_lines(
    client, demo_data, monkeypatch
):
    three_am = datetime.datetime(2026, 11, 25, 3, tzinfo=BRUSSELS)
    monkeypatch.setattr(opening, "brussels_now", lambda: three_am)
    response = client.get(LIST, {"stad": "gent", "open_nu": "ja"})
    names = {service.slug for service in response.context["page_obj"].object_list}
    assert {"tele-onthaal-106", "zelfmoordlijn-1813"} <= names
    assert "hulplijn-1712" not in names  # working days 9–17 only
    assert "Nu open, dag en nacht" in response.content.decode()


def test_a_public_holiday_does_not_close_a_day_and_night_line_but_its_own_closure_does(
    demo_data,
):
    christmas = datetime.datetime(2026, 12, 25, 3, tzinfo=BRUSSELS)
    Closure.objects.create(start_date=christmas.date(), end_date=christmas.date(), reason="Kerst")
    assert Service.objects.open_at(christmas).filter(slug="tele-onthaal-106").exists()
    line = Service.objects.get(slug="tele-onthaal-106")
    Closure.objects.create(
        service=line, start_date=christmas.date(), end_date=christmas.date(), reason="Storing"
    )
    assert not Service.objects.open_at(christmas).filter(slug="tele-onthaal-106").exists()


def test_the_empty_state_offers_the_crisis_lines_as_links(client, demo_data, monkeypatch):
    three_am = datetime.datetime(2026, 11, 25, 3, tzinfo=BRUSSELS)
    monkeypatch.setattr(opening, "brussels_now", lambda: three_am)
    html = client.get(LIST, {"stad": "aalst", "open_nu": "ja", "q": "schulden"}).content.decode()
    assert "0 diensten gevonden" in html
    for number in ("112", "1813", "106"):
        assert f'href="tel:{number}"' in html


def test_drafts_are_not_shown_to_residents(client, demo_data):
    draft = Service.objects.get(slug="straathoekwerk-gent")
    assert not draft.is_published
    page = client.get(reverse("directory:service_detail", args=[draft.slug]))
    assert page.status_code == 404
    listing = client.get(LIST, {"stad": "gent", "q": "straathoekwerk"}).content.decode()
    assert "Straathoekwerk Gent" not in listing
    assert set(Service.objects.to_complete().values_list("slug", flat=True)) >= {
        "straathoekwerk-gent",
        "buurtstewards-gent",
        "jeugdstraathoekwerk-gent",
        "opstap-gent",
        "brugteam-caw-gent",
        "schoolspotters-gent",
        "eerstelijnszone-gent",
        "aanloophuis-poco-loco",
    }


def test_searching_gent_for_homelessness_finds_a_published_service_for_homeless_people(
    client, demo_data
):
    response = client.get(LIST, {"stad": "gent", "q": "dakloos"})
    names = {service.slug for service in response.context["page_obj"].object_list}
    assert "mobiele-werkers-ggz-gent" in names
    assert Service.objects.get(slug="mobiele-werkers-ggz-gent").is_published


def test_aalst_offers_the_training_for_intermediaries(demo_data):
    training = Service.objects.get(slug="vorming-intermediairen-aalst")
    assert training.is_published and training.is_free
    assert training.serves_cities.filter(slug="aalst").exists()


# --- the rules ------------------------------------------------------------------------------


def test_a_verification_date_needs_a_named_verifier(make_service):
    service = make_service()
    service.last_verified = datetime.date(2026, 3, 3)
    with pytest.raises(ValidationError) as error:
        service.full_clean()
    assert "verified_by" in error.value.message_dict
    with transaction.atomic(), pytest.raises(IntegrityError):
        Service.objects.filter(pk=service.pk).update(last_verified=datetime.date(2026, 3, 3))
    service.refresh_from_db()
    service.mark_verified("An Peeters", "Stad Gent", day=datetime.date(2026, 3, 3))
    service.refresh_from_db()
    assert service.provenance.is_checked
    assert str(service.provenance.label) == "Gecontroleerd door Stad Gent op 3 maart 2026"
    with pytest.raises(ValidationError):
        service.mark_verified("", "Stad Gent")


def test_a_source_url_must_be_http(make_service):
    service = make_service(source_kind=Service.SourceKind.WEBSITE, source_title="Website")
    for bad in ("javascript:alert(1)", "ftp://example.be/bron.pdf", "file:///etc/passwd"):
        service.source_url = bad
        with pytest.raises(ValidationError) as error:
            service.full_clean()
        assert "source_url" in error.value.message_dict
    with transaction.atomic(), pytest.raises(IntegrityError):
        Service.objects.filter(pk=service.pk).update(source_url="ftp://example.be/bron.pdf")


def test_load_demo_never_sets_a_verification_date(demo_data):
    assert not Service.objects.filter(last_verified__isnull=False).exists()
    assert City.objects.filter(slug="gent").exists()
