"""import_hsds with the specification's own examples, as another publisher would send them."""

import io
import json
import shutil

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from directory.models import City, ContactChannel, Location, Organization, ProblemType, Service
from tests.opendata.conftest import SCHEMAS, schema_errors

pytestmark = pytest.mark.django_db
EXAMPLES = SCHEMAS / "examples"
FILES = sorted(path.name for path in EXAMPLES.glob("*.json"))
SERVICE_ID = "ac148810-d857-441c-9679-408f346de14b"


def import_(*paths, publish=True):
    out = io.StringIO()
    args = [str(path) for path in paths] + (["--publish"] if publish else [])
    call_command("import_hsds", *args, stdout=out)
    return out.getvalue()


def history_rows():
    return sum(
        model.objects.count()
        for model in apps.get_models()
        if model.__name__.startswith("Historical")
    )


@pytest.mark.parametrize("name", FILES)
def test_every_example_file_imports_unchanged(name):
    output = import_(EXAMPLES / name)
    assert "Nothing imported" not in output
    print(name, output)


FULL = [
    "taxonomy.json",
    "taxonomy_term.json",
    "organization_full.json",
    "service_full.json",
    "location.json",
]


def test_the_full_examples_import_together_and_again_change_nothing():
    first = import_(*(EXAMPLES / name for name in FULL))
    assert "Created:" in first
    rows = history_rows()
    cities = City.objects.count()
    second = import_(*(EXAMPLES / name for name in FULL))
    assert "Nothing changed." in second, second
    assert "Created" not in second and "Updated" not in second
    assert history_rows() == rows
    assert City.objects.count() == cities


@pytest.mark.parametrize("name", FILES)
def test_each_example_imported_again_changes_nothing(name):
    import_(EXAMPLES / name)
    rows = history_rows()
    again = import_(EXAMPLES / name)
    assert "Nothing changed." in again, again
    assert history_rows() == rows


def test_the_same_object_in_two_files_of_one_import_is_refused():
    with pytest.raises(CommandError, match="d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"):
        import_(EXAMPLES / "organization_full.json", EXAMPLES / "organization_list.json")


def test_the_service_comes_back_as_it_was_sent(client):
    import_(EXAMPLES / "service_full.json")
    sent = json.loads((EXAMPLES / "service_full.json").read_text())
    given = client.get(f"/api/hsds/services/{SERVICE_ID}").json()
    assert schema_errors("service.json", given) == []
    assert {k: v for k, v in given.items() if k != "last_modified"} == {
        k: v for k, v in sent.items() if k != "last_modified"
    }
    # What the directory holds of it is right too.
    service = Service.objects.get(uuid=SERVICE_ID)
    assert service.interpreter_available
    assert service.cost_per_session is None  # 35 GBP is no price in euro
    assert set(service.opening_hours.values_list("weekday", flat=True)) == {4, 5}
    phone = service.contact_channels.get(kind=ContactChannel.Kind.PHONE)
    assert phone.value == "+44 1234 234567"


def test_an_edited_service_keeps_the_fields_the_directory_does_not_hold(client):
    import_(EXAMPLES / "service_full.json")
    service = Service.objects.get(uuid=SERVICE_ID)
    service.name = "Nieuwe naam"
    service.save()
    given = client.get(f"/api/hsds/services/{SERVICE_ID}").json()
    assert given["name"] == "Nieuwe naam"
    assert given["alert"].startswith("Following COVID-19")
    assert given["minimum_age"] == 12
    assert schema_errors("service.json", given) == []


def test_service_areas_never_become_cities():
    cities = set(City.objects.values_list("name", flat=True))
    output = import_(EXAMPLES / "service_full.json")
    area = json.loads((EXAMPLES / "service_full.json").read_text())["service_areas"][0]["name"]
    assert not City.objects.filter(name=area[:100]).exists()
    assert set(City.objects.values_list("name", flat=True)) - cities <= {"MyCity"}
    assert "service_areas[0].name" in output


def test_parents_outside_the_file_are_noted_not_refused():
    output = import_(EXAMPLES / "taxonomy_term.json")
    assert ProblemType.objects.count() == 1
    assert "parent_id" in output


def test_two_records_with_the_same_id_are_refused_naming_it(tmp_path):
    record = json.loads((EXAMPLES / "taxonomy_term.json").read_text())
    (tmp_path / "terms.json").write_text(json.dumps([record, {**record, "name": "Anders"}]))
    with pytest.raises(CommandError, match=record["id"]):
        import_(tmp_path)
    assert not ProblemType.objects.exists()


def test_invalid_data_is_refused_naming_file_record_field_and_reason(tmp_path):
    shutil.copy(EXAMPLES / "organization_full.json", tmp_path / "a_organization.json")
    service = json.loads((EXAMPLES / "service_full.json").read_text())
    service["schedules"][0]["byday"] = "XX"
    service["phones"][0]["number"] = "bel me"
    (tmp_path / "b_service.json").write_text(json.dumps(service))
    with pytest.raises(CommandError) as error:
        import_(tmp_path)
    message = str(error.value)
    assert f"b_service.json, record 1 (id {SERVICE_ID}): schedules[0].byday" in message
    assert "phones[0].number" in message
    assert not Organization.objects.exists() and not Location.objects.exists()
