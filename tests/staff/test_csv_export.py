import csv
import io

import pytest

from directory.models import Service
from tests.staff.conftest import admin_url

pytestmark = pytest.mark.django_db


def export(client, services):
    return client.post(
        admin_url(Service, "changelist"),
        {"action": "export_csv", "_selected_action": [s.pk for s in services]},
    )


def rows(response):
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def test_staff_download_the_chosen_services_as_csv(editor_client, make_service, city):
    chosen = make_service("Zorgbalie", cities=[city], last_verified=None)
    make_service("Andere dienst")
    response = export(editor_client, [chosen])
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="wegwijs-diensten-')
    assert response.content.startswith(b"\xef\xbb\xbf")
    [row] = rows(response)
    assert row["naam"] == "Zorgbalie"
    assert row["steden"] == "Gent"
    assert row["telefoon"] == "0800 13 500"
    assert row["te verifiëren"] == "ja"
    assert row["id"] == str(chosen.uuid)


def test_a_cell_that_looks_like_a_formula_is_kept_as_text(editor_client, make_service):
    service = make_service('=HYPERLINK("https://kwaad.example")')
    [row] = rows(export(editor_client, [service]))
    assert row["naam"].startswith("'=")


def test_a_city_editor_exports_only_their_city(city_editor_client, make_service, city, other_city):
    mine = make_service("Aalsterse dienst", cities=[other_city])
    theirs = make_service("Gentse dienst", cities=[city])
    names = [row["naam"] for row in rows(export(city_editor_client, [mine, theirs]))]
    assert names == ["Aalsterse dienst"]


def test_the_export_takes_a_fixed_number_of_queries(
    editor_client, make_service, django_assert_max_num_queries
):
    services = [make_service()]
    with django_assert_max_num_queries(16):
        assert len(rows(export(editor_client, services))) == 1
    services += [make_service() for _ in range(30)]
    with django_assert_max_num_queries(16):
        assert len(rows(export(editor_client, services))) == 31
