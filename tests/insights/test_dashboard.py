import csv
import io

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from insights.models import DemandCount, current_month, record, record_search

pytestmark = pytest.mark.django_db
Event = DemandCount.Event


@pytest.fixture
def signals():
    for _ in range(3):
        record_search("gokken", 0, city="gent")
    record(Event.PROBLEM_VIEW, "eenzaamheid", city="gent", amount=7)
    record(Event.PROBLEM_VIEW, "schulden", city="aalst", amount=4)
    record(Event.CARD_PRINTED, "caw-onthaal-aalst", amount=2)
    record_search("=HYPERLINK(1)", 0)


def test_the_dashboard_draws_svg_charts_of_this_month(admin_client, signals):
    response = admin_client.get(reverse("admin:insights_demandcount_dashboard"))
    content = response.content.decode()

    assert response.status_code == 200
    assert content.count("<svg") >= 5
    assert "gokken" in content and "eenzaamheid" in content and "caw-onthaal-aalst" in content
    assert "<script" not in content.split('id="content"')[1]


def test_the_dashboard_of_an_empty_month_says_so(admin_client, signals):
    response = admin_client.get(
        reverse("admin:insights_demandcount_dashboard"), {"maand": "2020-01"}
    )
    assert "Nog geen gegevens voor deze maand." in response.content.decode()


def test_a_wrong_month_gives_a_message_and_this_month(admin_client, signals):
    response = admin_client.get(
        reverse("admin:insights_demandcount_dashboard"), {"maand": "vorige week"}, follow=True
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Kies een maand als jaar-maand" in content
    assert "gokken" in content


def test_the_dashboard_needs_permission(client, signals):
    user = User.objects.create_user("redacteur", password="x", is_staff=True)
    client.force_login(user)
    assert client.get(reverse("admin:insights_demandcount_dashboard")).status_code == 403
    assert client.get(reverse("admin:insights_demandcount_export")).status_code == 403


def test_the_csv_export_has_every_counter_and_defuses_formulas(admin_client, signals):
    response = admin_client.get(
        reverse("admin:insights_demandcount_export"), {"maand": f"{current_month():%Y-%m}"}
    )
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))

    assert response["Content-Disposition"].startswith('attachment; filename="signalen-')
    assert rows[0] == ["maand", "soort", "onderwerp", "stad", "wijk", "aantal"]
    assert [f"{current_month():%Y-%m}", "probleem_bekeken", "eenzaamheid", "gent", "", "7"] in rows
    assert len(rows) == 1 + DemandCount.objects.count()
    assert all(not row[2].startswith("=") for row in rows)
    assert "'=hyperlink(1)" in {row[2] for row in rows}


def test_counters_cannot_be_edited_by_hand(admin_client, signals):
    counter = DemandCount.objects.first()
    assert admin_client.get(reverse("admin:insights_demandcount_add")).status_code == 403
    response = admin_client.post(
        reverse("admin:insights_demandcount_change", args=[counter.pk]), {"count": 999}
    )
    counter.refresh_from_db()
    assert counter.count != 999
    assert response.status_code in (302, 403)
