"""export_hsds and import_hsds: round trip, idempotence and all-or-nothing rejection."""

import datetime
import io
import json
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from directory.models import ContactChannel, Organization, ProblemType, Service
from opendata.dataset import FILES
from tests.opendata.conftest import empty_directory

pytestmark = pytest.mark.django_db
LAST_MODIFIED = re.compile(r'\n *"last_modified": "[^"]*",')
UNKNOWN = "7d3c4b1e-0000-4000-8000-000000000000"


def export(directory):
    """The files, without last_modified: when a record changed here, not what it holds."""
    call_command("export_hsds", str(directory), verbosity=0)
    return {
        name: LAST_MODIFIED.sub("", (directory / name).read_text(encoding="utf-8"))
        for name in FILES
    }


def load(directory, name):
    return json.loads((directory / name).read_text(encoding="utf-8"))


def save(directory, name, records):
    (directory / name).write_text(json.dumps(records), encoding="utf-8")


def import_(directory, *args):
    call_command("import_hsds", str(directory), *args, stdout=open("/dev/null", "w"))


def test_export_into_an_empty_database_and_import_gives_the_same_export(demo_data, tmp_path):
    first = export(tmp_path / "first")
    empty_directory()
    assert not Service.objects.exists()

    import_(tmp_path / "first", "--publish")

    assert export(tmp_path / "second") == first


def test_the_round_trip_keeps_a_service_using_every_mapped_field(full_service, tmp_path):
    first = export(tmp_path / "first")
    empty_directory()
    import_(tmp_path / "first", "--publish")
    assert export(tmp_path / "second") == first
    service = Service.objects.get(uuid=full_service.uuid)
    assert (service.cost_per_session, service.cost_reduced) == (11, 4)
    assert service.interpreter_available
    assert service.contact_channels.filter(kind=ContactChannel.Kind.MOBILE).exists()


def test_the_export_writes_three_files_of_published_data_only(make_service, tmp_path):
    make_service("Zichtbaar")
    make_service("Klad", is_published=False)
    files = export(tmp_path)
    assert set(files) == {"taxonomy_terms.json", "organizations.json", "services.json"}
    assert [s["name"] for s in json.loads(files["services.json"])] == ["Zichtbaar"]


def test_importing_the_same_files_twice_changes_nothing(demo_data, tmp_path):
    first = export(tmp_path / "first")
    counts = [model.objects.count() for model in (Service, Organization, ContactChannel)]
    import_(tmp_path / "first")
    import_(tmp_path / "first")
    assert [model.objects.count() for model in (Service, Organization, ContactChannel)] == counts
    assert export(tmp_path / "second") == first


def test_an_import_updates_the_service_with_the_same_id(make_service, tmp_path):
    service = make_service("Oude naam")
    export(tmp_path)
    services = load(tmp_path, "services.json")
    services[0]["name"] = "Nieuwe naam"
    save(tmp_path, "services.json", services)

    import_(tmp_path)

    service.refresh_from_db()
    assert service.name == "Nieuwe naam"
    assert Service.objects.count() == 1


def test_new_services_wait_as_drafts_unless_published_on_import(make_service, tmp_path):
    make_service()
    export(tmp_path)
    empty_directory()
    import_(tmp_path)
    assert not Service.objects.get().is_published


def test_an_import_keeps_what_hsds_cannot_carry(make_service, tmp_path):
    service = make_service(internal_note="Bellen voor 1 mei.", referral_required=True)
    ContactChannel.objects.create(service=service, kind="binnenlopen", value="Werf 9, Aalst")
    export(tmp_path)
    import_(tmp_path)
    service.refresh_from_db()
    assert service.internal_note == "Bellen voor 1 mei." and service.referral_required
    assert service.contact_channels.filter(kind="binnenlopen").exists()


def first_location(services):
    return services[0]["service_at_locations"][0]["location"]


def broken(tmp_path, name, change):
    records = load(tmp_path, name)
    change(records)
    save(tmp_path, name, records)


@pytest.mark.parametrize(
    "name, change, expected",
    [
        (
            "services.json",
            lambda records: records[0].update(id="geen-uuid"),
            "services.json, record 1 (id geen-uuid): id: is geen geldige UUID",
        ),
        (
            "services.json",
            lambda records: records[0].update(name=""),
            "services.json, record 1 (id {service}): name: ontbreekt",
        ),
        (
            "services.json",
            lambda records: records[0]["phones"][0].update(number="12"),
            "services.json, record 1 (id {service}): phones[0].number:",
        ),
        (
            "services.json",
            lambda records: records[0].update(organization_id=UNKNOWN),
            "services.json, record 1 (id {service}): organization_id: onbekende organisatie",
        ),
        (
            "services.json",
            lambda records: first_location(records)["schedules"][0].update(byday="MAANDAG"),
            "service_at_locations[0].location.schedules[0].byday: moet dagen zijn",
        ),
        (
            "organizations.json",
            lambda records: records[0].update(website="geen link"),
            "organizations.json, record 1 (id {organization}): website:",
        ),
        (
            "taxonomy_terms.json",
            lambda records: records[1].update(name=""),
            "taxonomy_terms.json, record 2 (id {term}): name: ontbreekt",
        ),
    ],
    ids=[
        "bad-id",
        "no-name",
        "bad-phone",
        "unknown-organisation",
        "bad-day",
        "bad-website",
        "term-without-name",
    ],
)
def test_a_broken_file_is_reported_by_record_and_field_and_nothing_is_imported(
    full_service, tmp_path, name, change, expected
):
    export(tmp_path)
    empty_directory()
    broken(tmp_path, name, change)

    with pytest.raises(CommandError) as error:
        import_(tmp_path, "--publish")

    term = load(tmp_path, "taxonomy_terms.json")[1]["id"]
    organization = load(tmp_path, "organizations.json")[0]["id"]
    service = load(tmp_path, "services.json")[0]["id"]
    assert expected.format(service=service, organization=organization, term=term) in str(
        error.value
    )
    assert str(error.value).startswith("Nothing imported")
    for model in (Service, Organization, ProblemType):
        assert not model.objects.exists()


def test_it_reports_every_broken_record_not_just_the_first(make_service, tmp_path):
    make_service("Een")
    make_service("Twee")
    export(tmp_path)
    broken(tmp_path, "services.json", lambda records: [r.update(name="") for r in records])
    with pytest.raises(CommandError) as error:
        import_(tmp_path)
    assert "record 1" in str(error.value) and "record 2" in str(error.value)


@pytest.mark.parametrize(
    "content, expected",
    [("{not json", "services.json: geen geldige JSON"), ('{"id": 1}', "onbekend soort HSDS")],
)
def test_a_file_that_is_not_hsds_json_is_refused(make_service, tmp_path, content, expected):
    make_service()
    export(tmp_path)
    (tmp_path / "services.json").write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=expected):
        import_(tmp_path)


def test_a_folder_without_files_is_refused(tmp_path):
    with pytest.raises(CommandError, match="Geen JSON-bestanden gevonden"):
        import_(tmp_path)


def test_an_import_sets_a_verification_date_only_with_who_checked(make_service, tmp_path):
    checked = make_service("Gecontroleerd", last_verified="2026-03-03", verified_for="Stad Gent")
    unchecked = make_service("Niet gecontroleerd")
    export(tmp_path)
    services = load(tmp_path, "services.json")
    for record in services:
        record["assured_date"] = "2026-03-03"
        if record["id"] == str(unchecked.uuid):
            # A date without who checked it: an import must not turn it into a check.
            record["attributes"] = [
                item for item in record["attributes"] if item["link_type"] != "wegwijs-herkomst"
            ]
    save(tmp_path, "services.json", services)
    Service.objects.filter(pk__in=[checked.pk, unchecked.pk]).update(
        last_verified=None, verified_by="", verified_for=""
    )
    import_(tmp_path)
    checked.refresh_from_db()
    unchecked.refresh_from_db()
    assert checked.last_verified == datetime.date(2026, 3, 3)
    assert checked.verified_for == "Stad Gent" and checked.verified_by == "Stad Gent"
    assert unchecked.last_verified is None and unchecked.verified_by == ""


def test_an_import_keeps_a_foreign_number_in_international_format(make_service, tmp_path):
    service = make_service()
    export(tmp_path)
    services = load(tmp_path, "services.json")
    services[0]["phones"] = [{"id": UNKNOWN, "number": "0031 20 123 45 67", "type": "voice"}]
    save(tmp_path, "services.json", services)
    import_(tmp_path)
    numbers = service.contact_channels.filter(kind=ContactChannel.Kind.PHONE)
    assert [channel.value for channel in numbers] == ["+31 20 123 4567"]
    assert numbers[0].href == "tel:+31201234567"


def test_a_parent_outside_the_import_is_noted_and_the_term_imported(full_service, tmp_path):
    export(tmp_path)
    empty_directory()
    broken(tmp_path, "taxonomy_terms.json", lambda records: records[1].update(parent_id=UNKNOWN))
    out = io.StringIO()
    call_command("import_hsds", str(tmp_path), "--publish", stdout=out)
    term = load(tmp_path, "taxonomy_terms.json")[1]
    assert ProblemType.objects.get(uuid=term["id"]).parent is None
    assert f"parent {UNKNOWN} is not in the import" in out.getvalue()
