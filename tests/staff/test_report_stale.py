import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db
LONG_AGO = datetime.date(2020, 1, 1)


def report(*args):
    out = StringIO()
    call_command("report_stale", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def services(make_service, make_neighbourhood, city, other_city):
    return {
        "gent": make_service("Gentse dienst", cities=[city], last_verified=LONG_AGO),
        "wijk": make_service(
            "Wijkwerking", neighbourhoods=[make_neighbourhood(other_city)], last_verified=None
        ),
        "both": make_service("Hulplijn", cities=[city, other_city], last_verified=LONG_AGO),
        "fresh": make_service("Vers", cities=[city], last_verified=datetime.date.today()),
        "nowhere": make_service("Zwevend", last_verified=None, is_published=False),
    }


def test_it_lists_drafts_to_complete_first_then_stale_services_per_city(services):
    text = report()
    drafts, aalst, gent = text.split("\n\n")[:3]
    assert drafts.startswith("Zonder stad: 1 te vervolledigen (niet zichtbaar voor bewoners)")
    assert "Zwevend" in drafts
    assert aalst.startswith("Aalst: 2 te verifiëren")
    assert "Wijkwerking" in aalst and "laatst gecontroleerd: nooit" in aalst
    assert "Hulplijn" in aalst and "Hulplijn" in gent
    assert gent.startswith("Gent: 2 te verifiëren") and "01-01-2020" in gent
    assert "Zwevend" not in aalst + gent
    assert "Vers" not in text


def test_it_links_to_the_admin_page_with_the_base_url(services):
    text = report("--base-url", "https://wegwijs.example/")
    assert f"https://wegwijs.example/beheer/directory/service/{services['gent'].pk}/change/" in text


def test_it_can_report_one_city(services):
    text = report("--city", "gent")
    assert text.startswith("Gent: 2 te verifiëren")
    assert "Aalst" not in text and "Wijkwerking" not in text


def test_it_says_so_when_everything_is_verified(make_service):
    make_service(last_verified=datetime.date.today())
    assert report().startswith("Alles is geverifieerd sinds")


def test_an_unknown_city_is_an_error(db):
    with pytest.raises(CommandError, match="Unknown city 'brugge'"):
        report("--city", "brugge")


def test_the_report_takes_a_fixed_number_of_queries(
    make_service, city, django_assert_max_num_queries
):
    for _ in range(20):
        make_service(cities=[city], last_verified=None)
    make_service(cities=[city], is_published=False)
    with django_assert_max_num_queries(6):  # the stale services and the drafts, 3 each
        text = report()
    assert text.startswith("Gent: 1 te vervolledigen")
    assert "Gent: 20 te verifiëren" in text
