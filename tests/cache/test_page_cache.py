"""The page cache: the same pages for anonymous visitors with (almost) no queries, never stale
after an edit, never sharing a nonce, a CSRF token or a referral card between visitors."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from directory.models import ContactChannel, OpeningHours
from glossary.models import GlossaryTerm
from insights.models import DemandCount
from pagecache.pages import forget_local_copies

pytestmark = pytest.mark.django_db

NONCE = re.compile(rb'nonce="([^"]+)"')
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def without_tokens(content: bytes) -> bytes:
    return CSRF.sub(b"", NONCE.sub(b"", content))


@pytest.fixture
def pages(full_service, city, make_neighbourhood):
    """Each cached page, and the queries a hit may make (one upsert when the page counts)."""
    problem = full_service.problem_types.get()
    neighbourhood = full_service.serves_neighbourhoods.first() or make_neighbourhood(
        city, "Ledeberg"
    )
    full_service.serves_neighbourhoods.add(neighbourhood)
    GlossaryTerm.objects.create(term="CAW", explanation="Centrum Algemeen Welzijnswerk.")
    return {
        "home": ("/", 0),
        "list with filters and search": ("/diensten/?stad=gent&tolk=on&q=hulpverlener", 1),
        "service": (full_service.get_absolute_url(), 0),
        "problem": (problem.get_absolute_url(), 1),
        "neighbourhood": (neighbourhood.get_absolute_url(), 0),
        "woordenboek": ("/woordenboek/?q=caw", 0),
    }


@pytest.mark.parametrize(
    "page",
    ["home", "list with filters and search", "service", "problem", "neighbourhood", "woordenboek"],
)
def test_a_second_visit_is_the_same_page_from_the_cache(
    page, pages, page_cache, client, django_assert_num_queries
):
    url, hit_queries = pages[page]
    with CaptureQueriesContext(connection) as miss:
        first = client.get(url)
    assert len(miss) > hit_queries
    with django_assert_num_queries(hit_queries):
        second = Client().get(url)
    assert first.status_code == second.status_code == 200
    assert without_tokens(second.content) == without_tokens(first.content)
    assert second["Content-Type"] == first["Content-Type"]


def test_with_the_page_cache_off_every_visit_renders(pages, settings, client):
    settings.PAGE_CACHE_SECONDS = 0
    url, _ = pages["service"]
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert len(queries) > 2


def test_a_model_save_shows_on_the_next_request(full_service, page_cache, client):
    url = full_service.get_absolute_url()
    client.get(url)
    full_service.name = "CAW onthaal Gent-Centrum"
    full_service.save()
    assert "CAW onthaal Gent-Centrum" in client.get(url).content.decode()


@pytest.mark.parametrize("edit", ["channel", "hours", "problem", "glossary"])
def test_edits_to_related_data_show_on_the_next_request(edit, full_service, page_cache, client):
    url = full_service.get_absolute_url()
    assert "0800 13 500" in client.get(url).content.decode()
    if edit == "channel":
        ContactChannel.objects.filter(service=full_service).delete()
        expected = "We hebben geen contactgegevens"
    elif edit == "hours":
        OpeningHours.objects.create(
            service=full_service, weekday=6, opens_at=datetime.time(10), closes_at=datetime.time(11)
        )
        expected = "10:00–11:00"
    elif edit == "problem":
        full_service.problem_types.clear()
        expected = None
        assert "Helpt bij:" not in client.get(url).content.decode()
    else:
        GlossaryTerm.objects.create(term="onthaal", explanation="De plek waar je binnenkomt.")
        expected = 'class="glossary-link"'
    if expected:
        assert expected in client.get(url).content.decode()


def test_an_edit_in_the_admin_shows_on_the_next_request(full_service, page_cache, admin_client):
    problem = full_service.problem_types.get()
    url = problem.get_absolute_url()
    assert "Iemand doet me pijn" in Client().get(url).content.decode()
    change_url = f"/beheer/directory/problemtype/{problem.pk}/change/"
    form = admin_client.get(change_url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data |= {"translations-TOTAL_FORMS": 0, "translations-INITIAL_FORMS": 0}
    response = admin_client.post(change_url, data | {"resident_phrase": "Thuis is het niet veilig"})
    assert response.status_code == 302
    assert "Thuis is het niet veilig" in Client().get(url).content.decode()


def test_the_nonce_in_a_cached_page_is_the_one_in_its_header(page_cache, client, settings):
    settings.ROOT_URLCONF = "tests.cache.urls"
    first, second = Client().get("/proef/"), Client().get("/proef/")
    for response in (first, second):
        [nonce] = set(NONCE.findall(response.content))
        assert f"'nonce-{nonce.decode()}'" in response["Content-Security-Policy"]
    assert NONCE.findall(first.content) != NONCE.findall(second.content)


def test_a_form_on_a_cached_page_carries_the_visitors_own_csrf_token(full_service, page_cache):
    url = full_service.get_absolute_url()
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_tokens = set(CSRF.findall(first.get(url).content))
    page = second.get(url)
    second_tokens = set(CSRF.findall(page.content))
    assert len(first_tokens) == len(second_tokens) == 1
    assert first_tokens != second_tokens
    assert "csrftoken" in page.cookies
    report = {"message": "Het nummer klopt niet.", "email": "", "website": ""}
    feedback_url = f"/diensten/{full_service.slug}/melding/"
    foreign = second.post(
        feedback_url, report | {"csrfmiddlewaretoken": first_tokens.pop().decode()}
    )
    assert foreign.status_code == 403
    own = second.post(feedback_url, report | {"csrfmiddlewaretoken": second_tokens.pop().decode()})
    assert own.status_code == 302


def test_the_cards_of_a_cached_list_carry_the_visitors_own_csrf_token(full_service, page_cache):
    """The cards' "Zet op kaart" forms are rendered by Jinja2 (config/jinja2.py) with the
    page's token: the page is stored, and each visitor's copy holds a token that works."""
    url = "/diensten/"
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_tokens = set(CSRF.findall(first.get(url).content))
    with CaptureQueriesContext(connection) as hit:
        page = second.get(url)
    assert len(hit) <= 1  # from the page cache
    second_tokens = set(CSRF.findall(page.content))

    assert len(first_tokens) == len(second_tokens) == 1
    assert first_tokens != second_tokens
    added = second.post(
        "/doorverwijskaart/toevoegen/",
        {"service": full_service.pk, "csrfmiddlewaretoken": second_tokens.pop().decode()},
    )
    assert added.status_code == 302
    assert "Staat op je doorverwijskaart" in second.get(url).content.decode()


def test_a_page_with_a_token_from_elsewhere_is_not_stored(page_cache, settings):
    settings.ROOT_URLCONF = "tests.cache.urls"
    first, second = Client().get("/proef/apart/"), Client().get("/proef/apart/")
    assert CSRF.findall(first.content) != CSRF.findall(second.content)


def test_a_plain_response_with_a_token_is_not_stored(page_cache, settings):
    settings.ROOT_URLCONF = "tests.cache.urls"
    first, second = Client().get("/proef/gewoon/"), Client().get("/proef/gewoon/")
    assert CSRF.findall(first.content) and CSRF.findall(second.content)
    assert CSRF.findall(first.content) != CSRF.findall(second.content)


def test_the_referral_card_of_one_visitor_never_shows_to_another(full_service, page_cache):
    url = "/diensten/"
    intermediary, resident = Client(), Client()
    assert "Zet op kaart" in resident.get(url).content.decode()
    intermediary.post("/doorverwijskaart/toevoegen/", {"service": full_service.pk})
    assert "Staat op je doorverwijskaart" in intermediary.get(url).content.decode()
    again = resident.get(url).content.decode()
    assert "Staat op je doorverwijskaart" not in again
    assert "Doorverwijskaart (1 dienst)" not in again


def test_path_query_and_language_each_have_their_own_page(full_service, page_cache):
    urls = [
        "/diensten/?q=hulpverlener",
        "/diensten/?q=tolk",
        "/diensten/?q=hulpverlener&page=2",
        "/fr/diensten/?q=hulpverlener",
    ]
    pages = {url: Client().get(url).content for url in urls}
    assert b'lang="fr"' in pages["/fr/diensten/?q=hulpverlener"]
    assert b'lang="nl"' in pages["/diensten/?q=hulpverlener"]
    assert len({without_tokens(content) for content in pages.values()}) == 4


def test_searches_and_problem_views_are_counted_on_every_hit(full_service, page_cache):
    problem = full_service.problem_types.get()
    for _ in range(3):
        Client().get("/diensten/?q=hulpverlener")
        Client().get(problem.get_absolute_url())
    counts = dict(DemandCount.objects.values_list("event", "count"))
    assert counts[DemandCount.Event.SEARCH] == 3
    assert counts[DemandCount.Event.PROBLEM_VIEW] == 3


def test_open_now_follows_the_clock_to_the_minute(full_service, page_cache, clock):
    OpeningHours.objects.create(
        service=full_service, weekday=1, opens_at=datetime.time(9), closes_at=datetime.time(17)
    )
    url = "/diensten/"
    assert "Nu gesloten" in Client().get(url).content.decode()
    clock.set(8, 59, 59)
    assert "Nu gesloten" in Client().get(url).content.decode()
    clock.set(9, 0, 1)
    assert "Nu open" in Client().get(url).content.decode()


def test_opening_statuses_stay_cached_until_the_next_opening_or_closing_time(
    full_service, page_cache, clock, django_assert_num_queries, settings
):
    settings.PAGE_CACHE_SECONDS = 24 * 60 * 60
    OpeningHours.objects.all().delete()
    OpeningHours.objects.create(
        service=full_service, weekday=1, opens_at=datetime.time(9), closes_at=datetime.time(17)
    )
    url = full_service.get_absolute_url()
    clock.set(9, 0, 1)
    assert "Nu open tot 17u" in Client().get(url).content.decode()
    clock.set(16, 59, 59)
    with django_assert_num_queries(0):
        assert "Nu open tot 17u" in Client().get(url).content.decode()
    clock.set(17, 0, 0)
    page = Client().get(url).content.decode()
    assert "Gesloten, opent" in page
    assert "Nu open" not in page


def test_opening_statuses_are_rendered_again_at_midnight(full_service, page_cache, clock):
    OpeningHours.objects.all().delete()
    for weekday in (1, 2):
        OpeningHours.objects.create(
            service=full_service,
            weekday=weekday,
            opens_at=datetime.time(9),
            closes_at=datetime.time(17),
        )
    url = full_service.get_absolute_url()
    clock.set(23, 59, 59)
    assert "opent morgen om 9u" in Client().get(url).content.decode()
    clock.now += datetime.timedelta(seconds=2)
    assert "opent vandaag om 9u" in Client().get(url).content.decode()


def test_staff_neither_get_nor_fill_the_public_cache(
    full_service, page_cache, admin_client, django_assert_max_num_queries
):
    url = full_service.get_absolute_url()
    Client().get(url)
    with CaptureQueriesContext(connection) as staff_queries:
        admin_client.get(url)
    assert len(staff_queries) > 3  # rendered, not served from the cache
    page_cache.clear()
    forget_local_copies()
    admin_client.get(url)
    with CaptureQueriesContext(connection) as visitor_queries:
        Client().get(url)
    assert len(visitor_queries) > 0  # the staff visit left nothing in the cache


def test_only_successful_get_requests_are_cached(full_service, page_cache):
    missing = Client().get("/diensten/bestaat-niet/")
    assert missing.status_code == 404
    with CaptureQueriesContext(connection) as queries:
        assert Client().get("/diensten/bestaat-niet/").status_code == 404
    assert len(queries) > 0


def test_on_redis_a_page_is_shared_and_forgotten_after_an_edit(
    full_service, redis_cache, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 300
    url = full_service.get_absolute_url()
    Client().get(url)
    with django_assert_num_queries(0):
        assert Client().get(url).status_code == 200
    full_service.summary = "Nieuwe samenvatting van het onthaal."
    full_service.save()
    assert "Nieuwe samenvatting van het onthaal." in Client().get(url).content.decode()


def test_pages_still_answer_when_redis_is_down(full_service, unreachable_redis, settings):
    settings.PAGE_CACHE_SECONDS = 300
    for url in ("/", "/diensten/?q=hulpverlener", full_service.get_absolute_url()):
        assert Client().get(url).status_code == 200


def test_a_hit_for_a_visitor_with_a_card_costs_only_the_session_read(
    full_service, page_cache, django_assert_num_queries
):
    intermediary = Client()
    # follow: the card editor shows the message, as in a browser (a page with a message waiting
    # is rendered, not cached)
    intermediary.post("/doorverwijskaart/toevoegen/", {"service": full_service.pk}, follow=True)
    url = full_service.get_absolute_url()
    intermediary.get(url)
    with django_assert_num_queries(1):
        assert "Staat op je doorverwijskaart" in intermediary.get(url).content.decode()


def test_writes_outside_the_directory_keep_the_cached_pages(
    full_service, page_cache, django_assert_num_queries
):
    url = full_service.get_absolute_url()
    Client().get(url)
    DemandCount.objects.create(month=datetime.date(2026, 11, 1), event="zoekopdracht", subject="x")
    Client().post(f"{url}melding/", {"message": "Het nummer klopt niet.", "website": ""})
    with django_assert_num_queries(0):
        Client().get(url)


@pytest.mark.parametrize(
    ("junk", "normalised"),
    [
        ("/diensten/?x=1&tolk=on&stad=gent", "/diensten/?stad=gent&tolk=on"),
        ("/woordenboek/?utm_source=mail&q=caw", "/woordenboek/?q=caw"),
        ("/api/hsds/services/?cachebuster=9&per_page=5", "/api/hsds/services/?per_page=5"),
    ],
)
def test_unknown_parameters_cost_neither_a_render_nor_an_entry(
    junk, normalised, pages, page_cache, client, django_assert_num_queries
):
    first = client.get(normalised)
    entries = len(page_cache._cache)
    with django_assert_num_queries(0):
        for number in range(5):
            response = Client().get(
                junk.replace("=1&", f"={number}&").replace("=9&", f"={number}&")
            )
            assert response.status_code == 200
    assert len(page_cache._cache) == entries
    assert without_tokens(response.content) == without_tokens(first.content)
    assert b"utm_source" not in response.content and b"cachebuster" not in response.content


def test_known_parameters_in_another_order_share_one_entry(pages, page_cache, client):
    client.get("/diensten/?tolk=on&stad=gent&q=hulp")
    entries = len(page_cache._cache)
    assert Client().get("/diensten/?q=hulp&stad=gent&tolk=on").status_code == 200
    assert len(page_cache._cache) == entries


def test_the_benchmark_marker_makes_every_request_a_miss(pages, page_cache, client, settings):
    settings.PAGE_CACHE_KEPT_PARAMETERS = ("uncached",)
    client.get("/diensten/?stad=gent&uncached=1")
    entries = len(page_cache._cache)

    assert Client().get("/diensten/?stad=gent&uncached=2").status_code == 200

    assert len(page_cache._cache) > entries
