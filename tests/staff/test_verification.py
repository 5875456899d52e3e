import datetime

import pytest
from django.utils import timezone

from directory.models import Service, months_before
from tests.staff.conftest import admin_url

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 8, 31)


@pytest.mark.parametrize(
    "day, expected",
    [
        (datetime.date(2026, 8, 31), datetime.date(2026, 2, 28)),
        (datetime.date(2024, 8, 31), datetime.date(2024, 2, 29)),
        (datetime.date(2026, 3, 15), datetime.date(2025, 9, 15)),
        (datetime.date(2026, 1, 1), datetime.date(2025, 7, 1)),
    ],
)
def test_months_before_counts_calendar_months(day, expected):
    assert months_before(day, 6) == expected


def test_it_needs_verification_when_never_or_more_than_six_months_ago(make_service):
    never = make_service(last_verified=None)
    old = make_service(last_verified=datetime.date(2026, 2, 27))
    make_service(last_verified=datetime.date(2026, 2, 28))
    make_service(last_verified=TODAY)
    stale = Service.objects.needs_verification(today=TODAY)
    assert set(stale) == {never, old}


def test_the_list_filter_shows_only_entries_to_verify(editor_client, make_service):
    today = timezone.localdate()
    make_service("Vers", last_verified=today)
    make_service("Oud", last_verified=today - datetime.timedelta(days=400))
    make_service("Nooit", last_verified=None)
    url = admin_url(Service, "changelist")

    stale = editor_client.get(url, {"te_verifieren": "ja"}).context["cl"].result_list
    fresh = editor_client.get(url, {"te_verifieren": "nee"}).context["cl"].result_list

    assert sorted(s.name for s in stale) == ["Nooit", "Oud"]
    assert [s.name for s in fresh] == ["Vers"]
    assert "te verifiëren" in editor_client.get(url).content.decode()


def test_the_action_asks_who_checked_before_marking(editor_client, make_service, city):
    chosen = make_service(last_verified=None, cities=[city])
    other = make_service(last_verified=None)
    asked = editor_client.post(
        admin_url(Service, "changelist"),
        {"action": "mark_verified", "_selected_action": [chosen.pk]},
    )
    chosen.refresh_from_db()
    assert chosen.last_verified is None  # nothing happens before someone is named
    assert "0800 13 500" in asked.content.decode()  # names what to check
    assert asked.context["form"].initial == {
        "verified_by": "redacteur",
        "verified_for": f"Stad {city.name}",
    }
    response = editor_client.post(
        admin_url(Service, "changelist"),
        {
            "action": "mark_verified",
            "_selected_action": [chosen.pk],
            "bevestigd": "1",
            "gecontroleerd": [chosen.pk],
            "verified_by": "An Peeters",
            "verified_for": "Stad Gent",
        },
        follow=True,
    )
    chosen.refresh_from_db()
    other.refresh_from_db()
    assert chosen.last_verified == timezone.localdate()
    assert (chosen.verified_by, chosen.verified_for) == ("An Peeters", "Stad Gent")
    assert other.last_verified is None
    assert "1 dienst is gemarkeerd als gecontroleerd." in response.content.decode()


def test_the_action_refuses_a_verification_without_a_verifier(editor_client, make_service):
    service = make_service(last_verified=None)
    response = editor_client.post(
        admin_url(Service, "changelist"),
        {
            "action": "mark_verified",
            "_selected_action": [service.pk],
            "bevestigd": "1",
            "gecontroleerd": [service.pk],
            "verified_by": "  ",
            "verified_for": "Stad Gent",
        },
    )
    service.refresh_from_db()
    assert service.last_verified is None
    assert response.status_code == 200
    assert "Vul in wie de gegevens controleerde." in response.content.decode()


def test_only_the_services_ticked_on_the_confirmation_are_marked(editor_client, make_service):
    ticked = make_service("Nagekeken", last_verified=None)
    unticked = make_service("Niet nagekeken", last_verified=None)
    response = editor_client.post(
        admin_url(Service, "changelist"),
        {
            "action": "mark_verified",
            "_selected_action": [ticked.pk, unticked.pk],
            "bevestigd": "1",
            "gecontroleerd": [ticked.pk],
            "verified_by": "An Peeters",
            "verified_for": "Stad Gent",
        },
        follow=True,
    )
    ticked.refresh_from_db()
    unticked.refresh_from_db()
    assert ticked.last_verified is not None and unticked.last_verified is None
    assert "Niet aangevinkt, dus niet gemarkeerd: Niet nagekeken." in response.content.decode()


def test_the_stale_list_leaves_out_ended_services_oldest_first(editor_client, make_service):
    today = timezone.localdate()
    make_service("B oud", last_verified=today - datetime.timedelta(days=300))
    make_service("A ouder", last_verified=today - datetime.timedelta(days=900))
    make_service("C nooit", last_verified=None)
    make_service("Gestopt", last_verified=None, status="gestopt", end_date=today)
    stale = editor_client.get(admin_url(Service, "changelist"), {"te_verifieren": "ja"})
    assert [s.name for s in stale.context["cl"].result_list] == ["C nooit", "A ouder", "B oud"]


def test_a_staff_member_who_may_only_view_gets_no_verify_action(client, make_service, db):
    from django.contrib.auth.models import Permission, User

    viewer = User.objects.create_user("kijker", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_service"))
    client.force_login(viewer)
    service = make_service(last_verified=None)
    client.post(
        admin_url(Service, "changelist"),
        {"action": "mark_verified", "_selected_action": [service.pk]},
    )
    service.refresh_from_db()
    assert service.last_verified is None


def test_the_form_refuses_a_verification_date_without_a_verifier(editor_client, make_service, city):
    from tests.staff.conftest import service_form

    service = make_service(last_verified=None, cities=[city])
    response = editor_client.post(
        admin_url(Service, "change", service.pk),
        service_form(service, last_verified="2026-03-03"),
    )
    service.refresh_from_db()
    assert response.status_code == 200
    assert service.last_verified is None
    assert "Zonder naam kan je geen controledatum geven." in response.content.decode()

    editor_client.post(
        admin_url(Service, "change", service.pk),
        service_form(
            service,
            last_verified="2026-03-03",
            verified_by="An Peeters",
            verified_for="Stad Gent",
        ),
    )
    service.refresh_from_db()
    assert service.last_verified == datetime.date(2026, 3, 3)
    assert service.provenance.checked_by == "Stad Gent"


def test_the_form_refuses_a_source_link_that_is_not_http(editor_client, make_service, city):
    from tests.staff.conftest import service_form

    service = make_service(cities=[city])
    for bad in ("javascript:alert(1)", "ftp://example.be/verslag.pdf"):
        response = editor_client.post(
            admin_url(Service, "change", service.pk),
            service_form(service, source_kind="website", source_title="Verslag", source_url=bad),
        )
        service.refresh_from_db()
        assert response.status_code == 200, bad
        assert service.source_url == ""
        assert "begint met https://" in response.content.decode()


def test_the_list_filter_shows_the_drafts_to_complete(editor_client, make_service):
    make_service("Gepubliceerd")
    make_service("Klad", is_published=False)
    make_service("Gestopt klad", is_published=False, status="gestopt", end_date="2024-01-31")
    url = admin_url(Service, "changelist")
    drafts = editor_client.get(url, {"te_vervolledigen": "ja"}).context["cl"].result_list
    assert [service.name for service in drafts] == ["Klad"]


def test_the_stale_list_is_read_in_the_order_of_its_index(editor_client, make_service):
    """At 100,000 services the list sorted every service on disk for a page of 100 (290 ms);
    migration 0025's index holds its order, and the filter is a condition on the listed
    services themselves (a subquery of ids left PostgreSQL only the sort)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_service("Nooit nagekeken", last_verified=None)
    with CaptureQueriesContext(connection) as queries:
        editor_client.get(admin_url(Service, "changelist"), {"te_verifieren": "ja"})
    page = next(q["sql"] for q in queries if '"last_verified" ASC NULLS FIRST' in q["sql"])
    order = page.split("ORDER BY", 1)[1]
    table = '"directory_service"'
    assert order.startswith(
        f' {table}."last_verified" ASC NULLS FIRST, {table}."name" ASC, {table}."id" DESC'
    )
    assert "SELECT" not in page.split(" WHERE ", 1)[1]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'service_verify_order_idx'"
            )
            (definition,) = cursor.fetchone()
        assert "(last_verified NULLS FIRST, name, id DESC)" in definition
