import datetime

import pytest

from directory.models import Service
from opendata import hsds

pytestmark = pytest.mark.django_db


def serialize(service):
    [data] = hsds.serialized_services(Service.objects.filter(pk=service.pk))
    return data


def test_a_full_service_is_valid_hsds(full_service, service_schema_errors):
    assert service_schema_errors(serialize(full_service)) == []


def test_every_demo_service_is_valid_hsds(demo_data, service_schema_errors):
    errors = {
        data["name"]: service_schema_errors(data)
        for data in hsds.serialized_services(Service.objects.all())
    }
    assert {slug: found for slug, found in errors.items() if found} == {}


def test_it_maps_the_service_fields(full_service):
    data = serialize(full_service)
    assert data["id"] == str(full_service.uuid)
    assert data["organization_id"] == str(full_service.organization.uuid)
    assert (
        data["description"] == "Praten met een psycholoog.\n\nKorte begeleiding, tot tien sessies."
    )
    assert data["status"] == "active"
    assert data["url"] == "https://stad.gent"
    assert data["email"] == "info@voorbeeld.be"
    assert data["application_process"] == "Bel ons.\nWe maken een afspraak."
    assert data["eligibility_description"] == "Volwassenen in Gent."
    assert data["assured_date"] == "2026-01-15"
    assert data["interpretation_services"]
    assert "metadata" not in data


def test_it_lists_phones_and_email_contacts_in_their_order(full_service):
    data = serialize(full_service)
    assert [(p["number"], p["type"]) for p in data["phones"]] == [
        ("09 266 11 11", "voice"),
        ("0492 13 30 08", "cell"),
    ]
    assert data["contacts"][0]["email"] == "info@voorbeeld.be"
    assert data["contacts"][0]["name"] == "secretariaat"


def test_it_gives_the_amounts_per_session_as_cost_options(full_service):
    options = serialize(full_service)["cost_options"]
    assert [(o["amount"], o["currency"]) for o in options] == [(11.0, "EUR"), (4.0, "EUR")]


def test_a_free_service_has_one_cost_option_of_zero(make_service):
    options = serialize(make_service())["cost_options"]
    assert [o["amount"] for o in options] == [0.0]


def test_it_names_whole_cities_and_neighbourhoods_as_service_areas(full_service):
    names = [area["name"] for area in serialize(full_service)["service_areas"]]
    assert names == ["Gent", "Ledeberg (Gent)"]


def test_it_nests_the_location_with_address_province_and_opening_hours(full_service):
    link = serialize(full_service)["service_at_locations"][0]
    place = link["location"]
    assert link["description"] == "dinsdagvoormiddag"
    assert place["addresses"][0]["state_province"] == "Oost-Vlaanderen"
    assert place["addresses"][0]["postal_code"] == "9050"
    assert place["latitude"] == 51.038
    assert [(s["byday"], s["opens_at"]) for s in place["schedules"]] == [("MO", "09:00")]


def test_service_hours_at_a_location_point_to_that_location(full_service):
    [schedule] = serialize(full_service)["schedules"]
    assert schedule["location_id"] == str(full_service.locations.get().uuid)
    assert (schedule["byday"], schedule["closes_at"]) == ("TU", "16:00")


def test_problem_types_become_taxonomy_attributes_with_their_parent(full_service):
    [attribute] = [
        item for item in serialize(full_service)["attributes"] if item["link_type"] == hsds.TAXONOMY
    ]
    problem = full_service.problem_types.get()
    assert attribute["taxonomy_term_id"] == str(problem.uuid)
    assert attribute["taxonomy_term"]["parent_id"] == str(problem.parent.uuid)
    assert attribute["taxonomy_term"]["code"] == problem.slug


def test_an_ended_service_is_defunct_with_its_end_date_in_metadata(make_service):
    service = make_service(status=Service.Status.ENDED, end_date=datetime.date(2024, 1, 31))
    data = serialize(service)
    assert data["status"] == "defunct"
    assert data["metadata"][0]["last_action_date"] == "2024-01-31"
    assert data["metadata"][0]["replacement_value"] == "defunct"


def test_nested_ids_are_the_same_on_every_export_and_differ_between_rows(full_service):
    first, second = serialize(full_service), serialize(full_service)
    assert first == second
    ids = [phone["id"] for phone in first["phones"]] + [first["contacts"][0]["id"]]
    assert len(set(ids)) == len(ids)


def test_it_leaves_out_empty_fields_instead_of_sending_null(make_service):
    data = serialize(make_service(description="", steps=""))
    assert None not in data.values()
    assert "application_process" not in data


@pytest.mark.parametrize(
    "postcode, province",
    [
        ("9300", "Oost-Vlaanderen"),
        ("1000", "Brussels Hoofdstedelijk Gewest"),
        ("3500", "Limburg"),
        ("8500", "West-Vlaanderen"),
        ("", ""),
    ],
)
def test_it_derives_the_province_from_the_postcode(postcode, province):
    assert hsds.province(postcode) == province


def test_the_schema_check_itself_rejects_unknown_fields_and_bad_ids(service_schema_errors):
    errors = service_schema_errors({"id": "not-a-uuid", "name": "x", "status": "open", "slug": "x"})
    assert any("slug" in error for error in errors)
    assert any("not-a-uuid" in error for error in errors)
    assert any("'open' is not one of" in error for error in errors)


def provenance(data):
    return {
        item["taxonomy_term"]["code"]: item["value"]
        for item in data["attributes"]
        if item["link_type"] == "wegwijs-herkomst"
    }


def test_a_checked_service_carries_its_date_and_who_checked(full_service, service_schema_errors):
    data = serialize(full_service)
    assert data["assured_date"] == "2026-01-15"
    assert provenance(data) == {
        "herkomst": "gecontroleerd",
        "herkomst_tekst": "Gecontroleerd door Stad Gent op 15 januari 2026",
        "gecontroleerd_namens": "Stad Gent",
    }
    assert service_schema_errors(data) == []


def test_an_unchecked_service_says_where_its_facts_come_from(make_service, service_schema_errors):
    service = make_service(
        source_kind=Service.SourceKind.DOCUMENT,
        source_title="Eindverslag project Relancepsychologen",
        source_url="https://stad.gent/verslag.pdf",
        source_date=datetime.date(2023, 10, 2),
    )
    data = serialize(service)
    assert "assured_date" not in data
    assert provenance(data) == {
        "herkomst": "publieke_bron",
        "herkomst_tekst": "Uit een publieke bron van 2023, nog niet gecontroleerd door de stad",
        "bron": "Eindverslag project Relancepsychologen",
        "bron_soort": "document",
        "bron_url": "https://stad.gent/verslag.pdf",
        "bron_datum": "2023-10-02",
    }
    assert service_schema_errors(data) == []
