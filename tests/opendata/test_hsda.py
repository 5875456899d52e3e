"""The whole HSDS 3.0 API of openapi.json: every path, every parameter, strict schemas with
format checking, JSON and CORS everywhere, conditional GET, gzip, ndjson and change harvesting."""

import datetime
import gzip
import json
import uuid

import pytest
from django.test import Client
from django.utils import timezone

from directory.models import ContactChannel, Location, Organization, Service, ServiceAtLocation
from opendata import hsds
from opendata.hsds import common as hsds_common
from opendata.models import PlaceId, RecordChange
from tests.opendata.conftest import schema_errors

pytestmark = pytest.mark.django_db
API = "/api/hsds/"


def get(client, path, **params):
    response = client.get(API + path, params)
    assert response.status_code == 200, response.content
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()


@pytest.fixture
def api(full_service):
    """The full service, its problem types, organisation and first location, with their ids."""
    link = full_service.service_locations.select_related("location").first()
    problem = full_service.problem_types.select_related("parent").filter(parent__isnull=False)[0]
    return {
        "service": full_service,
        "problem": problem,
        "organization": full_service.organization,
        "sal_id": hsds.child_id(full_service.uuid, "service_at_location", link.location.uuid),
    }


def every_answer(api):
    """(path, params, schema) of every path and mode of the API."""
    service, problem, org = api["service"], api["problem"], api["organization"]
    return [
        ("", {}, "root"),
        ("services", {}, "page:service_list.json"),
        ("services", {"full": "true"}, "page:service.json"),
        ("services", {"minimal": "true"}, "page:service_list.json"),
        (f"services/{service.uuid}", {}, "service.json"),
        ("organizations", {}, "page:organization_list.json"),
        ("organizations", {"full": "true"}, "page:organization.json"),
        ("organizations", {"full_service": "true"}, "page:organization.json"),
        (f"organizations/{org.uuid}", {}, "organization.json"),
        (f"organizations/{org.uuid}", {"full_service": "true"}, "organization.json"),
        ("taxonomies", {}, "page:taxonomy.json"),
        (f"taxonomies/{hsds.TAXONOMY_ID}", {}, "taxonomy.json"),
        ("taxonomy_terms", {}, "page:taxonomy_term.json"),
        (f"taxonomy_terms/{problem.uuid}", {}, "taxonomy_term.json"),
        ("service_at_locations", {}, "page:service_at_location_list.json"),
        ("service_at_locations", {"full": "true"}, "page:service_at_location.json"),
        (f"service_at_locations/{api['sal_id']}", {}, "service_at_location.json"),
    ]


def test_every_path_answers_valid_hsds_strict_and_with_formats(client, api):
    for path, params, schema in every_answer(api):
        data = get(client, path, **params)
        assert schema_errors(schema, data) == [], (path, params)
        if schema.startswith("page:"):
            assert data["contents"], (path, params)


def test_the_schemas_catch_what_they_should(api, client):
    """The checks are real: an unknown field, a bad uri and a bad date-time all fail."""
    item = get(client, f"services/{api['service'].uuid}")
    assert schema_errors("service.json", {**item, "extra": 1})
    assert schema_errors("service.json", {**item, "url": "not a uri"})
    assert schema_errors("service.json", {**item, "last_modified": "gisteren"})
    assert schema_errors("root", {"version": "3.0", "openapi_url": "nergens heen"})


def test_root_says_version_3_and_links_to_the_api_description(client, api):
    root = get(client, "")
    assert root["version"] == "3.0"
    description = client.get(root["openapi_url"].removeprefix("http://testserver"))
    assert description.status_code == 200
    assert set(description.json()["paths"]) >= {"/", "/services", "/service_at_locations/{id}"}


@pytest.mark.parametrize("path", ["services", "organizations", "taxonomy_terms", ""])
def test_with_or_without_trailing_slash_the_same_answer_and_no_redirect(client, api, path):
    bare = client.get(API + path.rstrip("/"))
    slashed = client.get(API + path + "/" if path else API)
    assert bare.status_code == slashed.status_code == 200
    assert bare.json() == slashed.json()


def test_details_answer_with_and_without_slash(client, api):
    path = f"services/{api['service'].uuid}"
    assert get(client, path) == get(client, path + "/")


@pytest.mark.parametrize(
    "path",
    [
        "nergens",
        "services/x/y",
        "services/not-a-uuid",
        "organizations/0b6e1d2c-3f4a-4b5c-9d6e-7f8091a2b3c4",
        "taxonomy_terms/0b6e1d2c-3f4a-4b5c-9d6e-7f8091a2b3c4",
        "taxonomies/0b6e1d2c-3f4a-4b5c-9d6e-7f8091a2b3c4",
        "service_at_locations/0b6e1d2c-3f4a-4b5c-9d6e-7f8091a2b3c4",
    ],
)
def test_unknown_paths_and_ids_are_json_404s_with_cors(client, api, path):
    response = client.get(API + path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json()["error"]


def test_a_preflight_is_answered_and_other_methods_are_json_405s(client, api):
    preflight = client.options(
        API + "services",
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    for method in (client.post, client.put, client.delete):
        response = method(API + "services")
        assert response.status_code == 405
        assert response.json()["error"] and response["Access-Control-Allow-Origin"] == "*"
        assert "GET" in response["Allow"]


@pytest.mark.parametrize(
    "path, name, value",
    [
        ("services", "page", "nul"),
        ("services", "per_page", "1000"),
        ("services", "modified_after", "banana"),
        ("services", "taxonomy_term_id", "x"),
        ("services", "taxonomy_id", "x"),
        ("services", "organization_id", "x"),
        ("services", "minimal", "misschien"),
        ("services", "full", "2"),
        ("services", "format", "xml"),
        ("services", "postcode", "SW1A"),
        ("services", "search", "a" * 1000),
        ("organizations", "full_service", "ja?"),
        ("taxonomy_terms", "top_only", "x"),
        ("taxonomy_terms", "parent_id", "x"),
        ("service_at_locations", "proximity", "ver"),
        ("service_at_locations", "postcode", "90000"),
    ],
)
def test_an_invalid_value_is_a_json_400_naming_the_parameter(client, api, path, name, value):
    response = client.get(API + path, {name: value})
    assert response.status_code == 400
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json()["parameter"] == name
    assert name in response.json()["error"]


def test_proximity_needs_a_postcode(client, api):
    response = client.get(API + "service_at_locations", {"proximity": "1000"})
    assert response.json()["parameter"] == "proximity"


def names(page):
    return sorted(item["name"] for item in page["contents"])


def test_the_service_filters_work_and_combine(client, api, make_service, make_problem):
    service, problem = api["service"], api["problem"]
    other_org = Organization.objects.create(name="Ander huis", slug="ander-huis")
    for moved in (make_service("Zonder probleem"), make_service("Ook stress", problems=[problem])):
        moved.organization = other_org
        moved.save()
    assert names(get(client, "services", taxonomy_term_id=str(problem.uuid))) == sorted(
        [service.name, "Ook stress"]
    )
    assert names(get(client, "services", organization_id=str(other_org.uuid))) == [
        "Ook stress",
        "Zonder probleem",
    ]
    both = get(
        client, "services", organization_id=str(other_org.uuid), taxonomy_term_id=str(problem.uuid)
    )
    assert names(both) == ["Ook stress"]
    assert "Zonder probleem" not in names(
        get(client, "services", taxonomy_id=str(hsds.TAXONOMY_ID))
    )
    assert get(client, "services", taxonomy_id=str(uuid.uuid4()))["empty"]
    assert (
        names(get(client, "services", search="Ook stress", organization_id=str(other_org.uuid)))[0]
        == "Ook stress"
    )


def test_postcode_and_proximity_on_service_at_locations(client, api):
    place = api["service"].locations.exclude(postcode="").first()
    found = get(client, "service_at_locations", postcode=place.postcode)
    assert str(place.uuid) in {item["location_id"] for item in found["contents"]}
    assert get(client, "service_at_locations", postcode="1000")["empty"]
    assert get(client, "services", postcode=place.postcode)["total_items"] >= 1
    if place.latitude is not None:
        near = get(client, "service_at_locations", postcode="9000", proximity="200000")
        far = get(client, "service_at_locations", postcode="9000", proximity="1")
        assert str(place.uuid) in {item["location_id"] for item in near["contents"]}
        assert str(place.uuid) not in {item["location_id"] for item in far["contents"]}


def test_taxonomy_term_parameters(client, api):
    problem = api["problem"]
    top = get(client, "taxonomy_terms", top_only="true")
    assert problem.parent.name in names(top) and problem.name not in names(top)
    children = get(client, "taxonomy_terms", parent_id=str(problem.parent.uuid))
    assert names(children) == [problem.name]
    assert names(get(client, "taxonomy_terms", search=problem.name[:4])) == [problem.name]
    assert get(client, "taxonomy_terms", taxonomy_id=str(uuid.uuid4()))["empty"]


def test_minimal_gives_id_name_status_and_last_modified(client, api):
    item = get(client, "services", minimal="true")["contents"][0]
    assert set(item) == {"id", "name", "status", "last_modified"}


def test_services_and_organisations_carry_last_modified(client, api):
    service = get(client, f"services/{api['service'].uuid}")
    moment = datetime.datetime.fromisoformat(service["last_modified"])
    assert abs(timezone.now() - moment) < datetime.timedelta(minutes=5)
    org = get(client, f"organizations/{api['organization'].uuid}")
    assert org["metadata"][0]["last_action_date"] == timezone.now().date().isoformat()


def test_modified_after_gives_what_changed_and_what_left(client, api, make_service):
    kept = make_service("Blijft")
    edited = make_service("Wordt bewerkt")
    unpublished = make_service("Gaat offline")
    deleted = make_service("Wordt verwijderd")
    RecordChange.objects.update(modified=timezone.now() - datetime.timedelta(days=1))
    since = (timezone.now() - datetime.timedelta(minutes=1)).isoformat()

    ContactChannel.objects.create(service=edited, kind="telefoon", value="09 210 10 10")
    unpublished.is_published = False
    unpublished.save()
    deleted_id = str(deleted.uuid)
    deleted.delete()

    page = get(client, "services", modified_after=since)
    assert schema_errors("page:service_list.json", page) == []
    by_id = {item["id"]: item for item in page["contents"]}
    assert set(by_id) == {str(edited.uuid), str(unpublished.uuid), deleted_id}
    assert by_id[str(edited.uuid)]["status"] == "active"
    assert by_id[str(unpublished.uuid)] == {
        "id": str(unpublished.uuid),
        "name": "Gaat offline",
        "status": "inactive",
        "last_modified": by_id[str(unpublished.uuid)]["last_modified"],
    }
    assert by_id[deleted_id]["status"] == "inactive"
    assert str(kept.uuid) not in by_id
    full = get(client, "services", modified_after=since, full="true")
    assert schema_errors("page:service.json", full) == []


def test_a_draft_never_published_leaves_no_trace(client, api, make_service):
    since = timezone.now().isoformat()
    draft = make_service("Klad", is_published=False)
    draft.delete()
    assert get(client, "services", modified_after=since)["empty"]


def test_etag_and_last_modified_give_304s_also_from_the_page_cache(client, api, page_cache):
    first = client.get(API + "services")
    assert first["ETag"] and first["Last-Modified"]
    assert "max-age" in first["Cache-Control"]
    for _ in range(2):  # a miss, then a cache hit
        again = client.get(API + "services", HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304 and again["Access-Control-Allow-Origin"] == "*"
    since = client.get(API + "services", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    api["service"].save()
    changed = client.get(API + "services", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def test_json_is_gzipped_when_asked(client, api):
    response = client.get(API + "services", {"full": "true"}, HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(response.content))["contents"]


def test_ndjson_streams_every_record_without_pages(client, api, make_service):
    for number in range(3):
        make_service(f"Extra {number}")
    response = client.get(API + "services", {"format": "ndjson", "full": "true", "per_page": 1})
    assert response["Content-Type"] == "application/x-ndjson"
    assert response["Access-Control-Allow-Origin"] == "*"
    lines = b"".join(response.streaming_content).decode().splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == Service.objects.published().count() == 4
    assert all(schema_errors("service.json", record) == [] for record in records)


def test_a_search_gives_its_best_matches_up_to_the_cap_in_every_format(
    client, api, make_service, monkeypatch
):
    """As a resident's list: the best RESULT_CAP matches, not every match ranked (issue 18: a
    common word took 100-250 ms at 100,000 services), and total_items counts what is given."""
    for number in range(5):
        make_service(f"Stress en angst {number}")
    every_match = [service.name for service in Service.objects.published().search("stress")]
    assert len(every_match) == 6
    monkeypatch.setattr("opendata.api.services.RESULT_CAP", 3)
    first = get(client, "services", search="stress", per_page=2)
    second = get(client, "services", search="stress", per_page=2, page=2)
    assert (first["total_items"], first["total_pages"], first["last_page"]) == (3, 2, False)
    assert (second["total_items"], second["size"], second["last_page"]) == (3, 1, True)
    given = [item["name"] for item in first["contents"] + second["contents"]]
    assert given == every_match[:3]
    past = get(client, "services", search="stress", per_page=2, page=3)
    assert (past["empty"], past["total_items"]) == (True, 3)
    response = client.get(API + "services", {"search": "stress", "format": "ndjson"})
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert sorted(json.loads(line)["name"] for line in lines) == sorted(every_match[:3])


def test_a_search_of_places_gives_the_places_of_the_services_a_search_gives(
    client, api, make_service, monkeypatch
):
    location = api["service"].locations.first()
    for number in range(4):
        service = make_service(f"Stress en angst {number}")
        ServiceAtLocation.objects.create(service=service, location=location)
    monkeypatch.setattr("opendata.api.services.RESULT_CAP", 2)
    monkeypatch.setattr("opendata.api.service_at_locations.RESULT_CAP", 2)
    services = get(client, "services", search="stress", per_page=100)["contents"]
    places = get(client, "service_at_locations", search="stress", per_page=100)["contents"]
    assert len(services) == 2
    assert {item["service_id"] for item in places} == {item["id"] for item in services}


@pytest.mark.parametrize("deep_from", [0, 2, 10_000])
def test_the_places_come_page_by_page_in_the_services_name_order(
    client, api, make_service, monkeypatch, deep_from
):
    """Deep pages find their links' ids first (paging.keys_first): the same rows in order."""
    monkeypatch.setattr("opendata.api.paging.DEEP_PAGE", deep_from)
    location = api["service"].locations.first()
    for name in ("Zonnebloem", "Aalsterse hulp", "Midden"):
        ServiceAtLocation.objects.create(service=make_service(name), location=location)
    make_service("Niet gepubliceerd", is_published=False).locations.add(location)
    expected = ServiceAtLocation.objects.filter(service__is_published=True).order_by(
        "service__name", "service__uuid", "location__name", "pk"
    )
    expected = [(str(link.service.uuid), str(link.location.uuid)) for link in expected]
    pages = [
        get(client, "service_at_locations", per_page=2, page=number)
        for number in range(1, len(expected) // 2 + 2)
    ]
    given = [
        (item["service_id"], item["location_id"]) for page in pages for item in page["contents"]
    ]
    assert given == expected
    assert {page["total_items"] for page in pages} == {len(expected)}


@pytest.mark.parametrize("deep_from", [0, 2, 10_000])
@pytest.mark.parametrize("filters", [{}, {"full": "true"}, {"taxonomy_id": str(hsds.TAXONOMY_ID)}])
def test_the_services_come_page_by_page_in_name_order(
    client, api, make_service, monkeypatch, deep_from, filters
):
    monkeypatch.setattr("opendata.api.paging.DEEP_PAGE", deep_from)
    problems = list(api["service"].problem_types.all())
    for name in ("Zonnebloem", "Aalsterse hulp", "Midden", "Midden", "Beta"):
        make_service(name, problems=problems)
    make_service("Niet gepubliceerd", is_published=False, problems=problems)
    expected = [
        str(uuid)
        for uuid in Service.objects.published()
        .order_by("name", "uuid")
        .values_list("uuid", flat=True)
    ]
    pages = [
        get(client, "services", per_page=2, page=number, **filters)
        for number in range(1, len(expected) // 2 + 2)
    ]
    assert [item["id"] for page in pages for item in page["contents"]] == expected
    assert {page["total_items"] for page in pages} == {len(expected)}
    for path in ("services", "service_at_locations"):
        nowhere = get(client, path, **{**filters, "taxonomy_id": str(uuid.uuid4()), "page": 3})
        assert (nowhere["empty"], nowhere["total_items"]) == (True, 0)


def place_id(service, location) -> str:
    return hsds.child_id(service.uuid, "service_at_location", location.uuid)


def test_a_place_is_found_by_its_id_however_its_link_was_made_and_after_it_moved(
    client, api, make_service
):
    first = api["service"].locations.first()
    other = Location.objects.create(name="Tweede plek", slug="tweede-plek", city=first.city)
    added, copied = make_service("Toegevoegd"), make_service("Gekopieerd")
    added.locations.add(first)  # a many-to-many add: no save()
    ServiceAtLocation.objects.bulk_create([ServiceAtLocation(service=copied, location=first)])
    for service in (added, copied):  # bulk_create sends no signal at all, as COPY
        found = get(client, f"service_at_locations/{place_id(service, first)}")
        assert (found["service_id"], found["location_id"]) == (str(service.uuid), str(first.uuid))
    link = ServiceAtLocation.objects.get(service=added)
    link.location = other
    link.save()
    moved = get(client, f"service_at_locations/{place_id(added, other)}")
    assert moved["location_id"] == str(other.uuid)
    gone = client.get(API + f"service_at_locations/{place_id(added, first)}")
    assert gone.status_code == 404
    hidden = make_service("Nog niet klaar", is_published=False)
    hidden.locations.add(first)
    assert client.get(API + f"service_at_locations/{place_id(hidden, first)}").status_code == 404


def test_an_unknown_place_id_is_a_404_without_working_out_every_id_again(
    client, api, monkeypatch, page_cache, django_assert_num_queries
):
    """Every link's id was worked out for each id asked: 1.2 s at 100,000 services. Now the
    links without one are looked for once per generation of the data, then one look-up."""
    assert client.get(API + f"service_at_locations/{api['sal_id']}").status_code == 200
    assert PlaceId.objects.count() == ServiceAtLocation.objects.count() > 0
    worked_out = []
    child_id = hsds_common.child_id

    def counted(*args):
        worked_out.append(args)
        return child_id(*args)

    monkeypatch.setattr(hsds_common, "child_id", counted)
    assert client.get(API + f"service_at_locations/{uuid.uuid4()}").status_code == 404
    for _ in range(2):
        with django_assert_num_queries(1):
            response = client.get(API + f"service_at_locations/{uuid.uuid4()}")
        assert response.status_code == 404
        assert "bestaat niet" in response.json()["error"]
    assert worked_out == []


def test_each_list_stays_within_eight_queries(client, api, django_assert_max_num_queries):
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    for path, params, _schema in every_answer(api):
        with django_assert_max_num_queries(8):
            client.get(API + path, params)
    for path, params in (
        ("services", {"modified_after": since, "full": "true", "per_page": 1}),
        ("services", {"search": "stress", "full": "true"}),
        ("service_at_locations", {"search": "stress", "full": "true"}),
        ("service_at_locations", {"page": 2, "per_page": 1}),
    ):
        with django_assert_max_num_queries(8):
            assert client.get(API + path, params).status_code == 200


def test_the_api_root_is_served_from_the_page_cache(api, page_cache, django_assert_num_queries):
    client = Client()
    client.get(API + "services", {"full": "true"})
    with django_assert_num_queries(0):
        assert client.get(API + "services", {"full": "true"}).status_code == 200


def test_the_demo_loaded_from_fixtures_has_last_modified_too(client, demo_data):
    page = get(client, "services", minimal="true", per_page="100")
    assert page["contents"] and all("last_modified" in item for item in page["contents"])
