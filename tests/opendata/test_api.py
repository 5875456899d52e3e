import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory.models import ContactChannel, Organization, Service
from opendata import hsds

pytestmark = pytest.mark.django_db
SERVICES = reverse("opendata:service_list")


def detail_url(service_id):
    return reverse("opendata:service_detail", args=[service_id])


def test_the_service_list_is_an_hsda_page_of_valid_hsds_services(
    client, full_service, service_schema_errors
):
    response = client.get(SERVICES, {"full": "true"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    page = response.json()
    assert {key: page[key] for key in page if key != "contents"} == {
        "total_items": 1,
        "total_pages": 1,
        "page_number": 1,
        "size": 1,
        "first_page": True,
        "last_page": True,
        "empty": False,
    }
    assert service_schema_errors(page["contents"][0]) == []


def test_it_lists_only_published_services(client, make_service):
    published = make_service("Zichtbaar")
    make_service("Klad", is_published=False)
    contents = client.get(SERVICES).json()["contents"]
    assert [item["id"] for item in contents] == [str(published.uuid)]


def test_it_pages_with_page_and_per_page(client, make_service):
    for number in range(5):
        make_service(f"Dienst {number}")
    page = client.get(SERVICES, {"page": 2, "per_page": 2}).json()
    assert [item["name"] for item in page["contents"]] == ["Dienst 2", "Dienst 3"]
    assert (page["total_items"], page["total_pages"], page["page_number"]) == (5, 3, 2)
    assert not page["first_page"] and not page["last_page"]


def test_a_page_after_the_last_is_empty(client, make_service):
    make_service()
    page = client.get(SERVICES, {"page": 9}).json()
    assert page["empty"] and page["contents"] == [] and page["last_page"]


@pytest.mark.parametrize(
    "params, field",
    [
        ({"page": "0"}, "page"),
        ({"page": "-1"}, "page"),
        ({"page": "twee"}, "page"),
        ({"page": "²"}, "page"),
        ({"page": "9" * 400}, "page"),
        ({"per_page": "0"}, "per_page"),
        ({"per_page": "101"}, "per_page"),
        ({"per_page": "1e3"}, "per_page"),
        ({"taxonomy_term_id": "eenzaamheid"}, "taxonomy_term_id"),
        ({"taxonomy_term_id": "\x00"}, "taxonomy_term_id"),
        ({"search": "x" * 201}, "search"),
    ],
)
def test_bad_parameters_get_a_400_with_a_message(client, make_service, params, field):
    make_service()
    response = client.get(SERVICES, params)
    assert response.status_code == 400
    assert response.json()["error"].startswith(field)


def test_it_filters_on_a_taxonomy_term_and_the_terms_below_it(client, make_service, make_problem):
    parent = make_problem("Psychisch welzijn")
    child = make_problem("Stress", parent=parent)
    on_child = make_service("Stresscoach", problems=[child])
    make_service("Schuldhulp", problems=[make_problem("Schulden")])
    for term in (parent, child):
        contents = client.get(SERVICES, {"taxonomy_term_id": str(term.uuid)}).json()["contents"]
        assert [item["id"] for item in contents] == [str(on_child.uuid)]


def test_an_unknown_taxonomy_term_gives_an_empty_page(client, make_service):
    make_service()
    page = client.get(SERVICES, {"taxonomy_term_id": str(uuid.uuid4())}).json()
    assert page["total_items"] == 0


def test_it_searches_names_texts_organisations_and_problem_words(
    client, make_service, make_problem
):
    lonely = make_problem("Eenzaamheid", synonyms="ik voel me alleen")
    by_word = make_service("Babbelbox", problems=[lonely])
    by_summary = make_service("Inloop", summary="Een plek tegen eenzaamheid.")
    make_service("Schuldhulp")
    for query, expected in [("alleen", [by_word]), ("EENZAAM", [by_word, by_summary])]:
        contents = client.get(SERVICES, {"search": query}).json()["contents"]
        assert {item["id"] for item in contents} == {str(s.uuid) for s in expected}


def test_search_and_taxonomy_term_combine(client, make_service, make_problem):
    problem = make_problem("Stress")
    make_service("Stresscoach", problems=[problem])
    make_service("Stresslijn")
    params = {"search": "stress", "taxonomy_term_id": str(problem.uuid)}
    assert [i["name"] for i in client.get(SERVICES, params).json()["contents"]] == ["Stresscoach"]


def test_a_list_page_gives_each_services_first_website_and_email_in_two_queries(
    client, make_service, django_assert_num_queries
):
    """The list gives the first website (or chat) and e-mail address in the staff's order,
    whatever the order the channels were added in; the services and their channels are two
    queries however many there are."""
    services = [make_service(f"Dienst {number}") for number in range(3)]
    kinds = ContactChannel.Kind
    for service in services:
        for position, kind, value in [
            (4, kinds.EMAIL, f"later@{service.slug}.be"),
            (3, kinds.CHAT, f"https://chat.{service.slug}.be"),
            (2, kinds.WEBSITE, f"https://{service.slug}.be"),
            (1, kinds.PHONE, "09 266 11 11"),
            (0, kinds.EMAIL, f"info@{service.slug}.be"),
        ]:
            ContactChannel.objects.create(
                service=service, kind=kind, value=value, position=position
            )
    without_channels = make_service("Dienst zonder kanalen")

    with django_assert_num_queries(2):
        contents = client.get(SERVICES).json()["contents"]

    by_name = {item["name"]: item for item in contents}
    for service in services:
        item = by_name[service.name]
        assert (item["url"], item["email"]) == (
            f"https://{service.slug}.be",
            f"info@{service.slug}.be",
        )
        assert item["organization"]["name"] == service.organization.name
    assert "url" not in by_name[without_channels.name]
    assert "email" not in by_name[without_channels.name]


def test_list_pages_of_one_size_build_the_sql_of_their_channels_once(
    client, make_service, monkeypatch
):
    """Issue 18: building the channels' query cost more than running it."""
    from directory.compiled_sql import CompiledQuery
    from opendata.hsds import loading

    built = []
    monkeypatch.setattr(
        loading,
        "_CHANNEL_ROWS",
        CompiledQuery(lambda ids: built.append(ids) or loading._channel_rows(ids)),
    )
    for number in range(4):
        service = make_service(f"Dienst {number}")
        ContactChannel.objects.create(
            service=service, kind=ContactChannel.Kind.WEBSITE, value=f"https://{number}.be"
        )

    pages = [client.get(SERVICES, {"per_page": 2, "page": page}).json() for page in (1, 2)]

    assert [[item["url"] for item in page["contents"]] for page in pages] == [
        ["https://0.be", "https://1.be"],
        ["https://2.be", "https://3.be"],
    ]
    assert len(built) == 1  # for the first page's two services


def test_a_full_page_takes_eight_queries_however_detailed_its_services(
    client, detailed_services, django_assert_num_queries
):
    with django_assert_num_queries(8):
        page = client.get(SERVICES, {"per_page": 3, "full": "true"}).json()
    assert page["size"] == 3 and page["total_items"] == len(detailed_services)
    assert all(item["schedules"] and item["service_at_locations"] for item in page["contents"])


def test_a_last_page_needs_no_count_query(client, detailed_services, django_assert_num_queries):
    with django_assert_num_queries(7):
        page = client.get(SERVICES, {"per_page": 100, "full": "true"}).json()
    assert page["total_items"] == page["size"] == len(detailed_services)


def test_the_list_takes_the_same_queries_for_one_or_many_services(
    client, full_service, make_service, django_assert_num_queries
):
    with django_assert_num_queries(7):
        client.get(SERVICES, {"full": "true"})
    for _ in range(20):
        make_service(problems=list(full_service.problem_types.all()))
    with django_assert_num_queries(8):
        assert client.get(SERVICES, {"per_page": 20, "full": "true"}).json()["size"] == 20


@pytest.mark.parametrize("mode", ["full", "full_service"])
def test_the_organisations_take_the_same_queries_for_one_or_many(
    client, full_service, make_service, django_assert_max_num_queries, mode
):
    """Each organisation's services were loaded apart: 122 queries for a page of twenty."""
    path = reverse("opendata:organization_list")
    with CaptureQueriesContext(connection) as one:
        assert client.get(path, {mode: "true"}).json()["size"] == 1
    for number in range(5):
        organization = Organization.objects.create(name=f"Org {number}", slug=f"org-{number}")
        service = make_service(problems=list(full_service.problem_types.all()))
        service.organization = organization
        service.save()
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(path, {mode: "true"}).json()
    assert page["size"] == 6 and all(item["services"] for item in page["contents"])


def test_each_service_and_location_on_a_page_gets_its_own_opening_hours(client, detailed_services):
    contents = {
        item["name"]: item for item in client.get(SERVICES, {"full": "true"}).json()["contents"]
    }
    for service in detailed_services:
        item = contents[service.name]
        assert [s["opens_at"] for s in item["schedules"]] == [
            hours.opens_at.strftime("%H:%M") for hours in service.opening_hours.all()
        ]
        for link in item["service_at_locations"]:
            place = service.locations.get(uuid=link["location_id"])
            expected = place.opening_hours.filter(service=None)
            assert [s["byday"] for s in link["location"]["schedules"]] == [
                hsds.WEEKDAYS[hours.weekday] for hours in expected
            ]


def test_the_detail_gives_one_valid_hsds_service(client, full_service, service_schema_errors):
    response = client.get(detail_url(full_service.uuid))
    assert response.status_code == 200
    assert response.json()["name"] == "Eerstelijnspsychologen"
    assert service_schema_errors(response.json()) == []


def test_the_detail_takes_seven_queries(client, detailed_services, django_assert_num_queries):
    with django_assert_num_queries(7):
        item = client.get(detail_url(detailed_services[0].uuid)).json()
    assert item["schedules"] and item["languages"] and item["service_areas"]


@pytest.mark.parametrize("service_id", ["geen-uuid", "0b6e1d2c-3f4a-4b5c-9d6e-7f8091a2b3c4"])
def test_an_unknown_service_is_a_json_404(client, service_id):
    response = client.get(detail_url(service_id))
    assert response.status_code == 404
    assert "error" in response.json()


def test_a_draft_service_is_a_404(client, make_service):
    draft = make_service(is_published=False)
    assert client.get(detail_url(draft.uuid)).status_code == 404


def test_organizations_are_those_with_a_published_service(
    client, make_service, organization, organization_schema_errors
):
    from directory.models import Organization

    make_service()
    hidden = Organization.objects.create(name="Alleen klad", slug="alleen-klad")
    Service.objects.create(organization=hidden, name="Klad", slug="klad", summary="x")
    page = client.get(reverse("opendata:organization_list")).json()
    assert [org["id"] for org in page["contents"]] == [str(organization.uuid)]
    assert organization_schema_errors(page["contents"][0]) == []


def test_taxonomy_terms_list_every_problem_type_with_its_parent(
    client, make_problem, taxonomy_term_schema_errors
):
    parent = make_problem("Psychisch welzijn")
    make_problem("Stress", parent=parent)
    contents = client.get(reverse("opendata:taxonomy_term_list")).json()["contents"]
    assert [(t["name"], t.get("parent_id")) for t in contents] == [
        ("Psychisch welzijn", None),
        ("Stress", str(parent.uuid)),
    ]
    assert [taxonomy_term_schema_errors(term) for term in contents] == [[], []]


def test_the_api_is_read_only_and_open_to_other_sites(client, make_service):
    make_service()
    assert client.post(SERVICES).status_code == 405
    assert client.get(SERVICES)["Access-Control-Allow-Origin"] == "*"


def test_a_search_with_control_characters_is_answered_not_a_500(client, make_service):
    make_service("Babbelbox")
    response = client.get(SERVICES, {"search": "babbel\x00box"})
    assert response.status_code == 400
    assert response.json()["parameter"] == "search"


def test_the_unfiltered_list_builds_its_query_once_for_every_page(
    client, make_service, organization, monkeypatch
):
    """What harvesters page through (issue 18: building the query was a third of the page);
    a filtered list gives the same services the ORM's way."""
    from directory.compiled_sql import CompiledQuery
    from opendata.api import services as api

    built, build = [], api.EVERY_SERVICE.build
    monkeypatch.setattr(api, "EVERY_SERVICE", CompiledQuery(lambda: built.append(1) or build()))
    for number in range(7):
        make_service(f"Dienst {number}", summary=f"Hulp nummer {number}.")
    make_service("Verborgen", is_published=False)

    def page(number, **filters):
        return client.get(SERVICES, {"per_page": 3, "page": number, **filters}).json()

    pages = [page(number) for number in (1, 2, 3, 4)]
    filtered = [page(number, organization_id=organization.uuid) for number in (1, 2, 3, 4)]

    assert [[item["name"] for item in each["contents"]] for each in pages] == [
        ["Dienst 0", "Dienst 1", "Dienst 2"],
        ["Dienst 3", "Dienst 4", "Dienst 5"],
        ["Dienst 6"],
        [],
    ]
    assert pages == filtered
    assert [each["total_items"] for each in pages] == [7, 7, 7, 7]
    assert len(built) == 1
