import pytest
from django.core import serializers
from django.core.management import call_command

from directory.models import (
    City,
    ContactChannel,
    Location,
    Neighbourhood,
    OpeningHours,
    Organization,
    ProblemType,
    ProblemTypeTranslation,
    Service,
    ServiceAtLocation,
    ServiceTranslation,
)

pytestmark = pytest.mark.django_db
DIRECTORY_MODELS = [
    City,
    Neighbourhood,
    Organization,
    ProblemType,
    Location,
    Service,
    ContactChannel,
    ServiceAtLocation,
    OpeningHours,
    ProblemTypeTranslation,
    ServiceTranslation,
]


def snapshot():
    return {
        model.__name__: serializers.serialize("json", model.objects.order_by("pk"))
        for model in DIRECTORY_MODELS
    }


def test_demo_covers_both_cities_with_enough_services_problems_and_neighbourhoods(demo_data):
    assert Service.objects.count() >= 25
    for city in City.objects.filter(slug__in=["aalst", "gent"]):
        assert Service.objects.published().active().in_city(city).count() >= 5
    assert ProblemType.objects.count() >= 15
    assert Neighbourhood.objects.count() >= 15


def test_every_published_active_service_has_a_problem_type_and_a_contact_channel(demo_data):
    services = Service.objects.published().active()
    for service in services.prefetch_related("problem_types", "contact_channels"):
        assert service.problem_types.all(), service.slug
        assert service.contact_channels.all(), service.slug


def test_the_ended_relance_service_points_to_its_successor(demo_data):
    relance = Service.objects.get(slug="relancepsychologen-gent")
    assert relance.is_ended
    assert relance.end_date.isoformat() == "2024-01-31"
    assert relance.successor.slug == "eerstelijnspsychologen-gent-volwassenen"
    assert not relance.successor.is_ended


def test_every_demo_row_passes_model_validation(demo_data):
    for model in DIRECTORY_MODELS:
        for row in model.objects.all():
            before = {f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields}
            row.full_clean()
            after = {f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields}
            assert before == after, f"{model.__name__} {row.pk} is not stored normalised"


def test_loading_the_demo_marks_every_service_as_not_checked(demo_data):
    for service in Service.objects.all():
        assert service.last_verified is None, service.slug
        assert not service.provenance.is_checked
        assert "controle" in service.internal_note or "Klad" in service.internal_note


def test_loading_the_demo_twice_changes_nothing(demo_data):
    before = snapshot()
    call_command("load_demo", verbosity=0)
    assert snapshot() == before


def test_the_demo_has_translations_that_search_finds(demo_data):
    assert ProblemTypeTranslation.objects.filter(problem_type__slug="eenzaamheid").count() == 4
    lonely = set(Service.objects.for_problem(ProblemType.objects.get(slug="eenzaamheid")))
    for word in ["loneliness", "solitude", "yalnızlık", "وحدة"]:
        found = set(Service.objects.search(word))
        assert found and found <= lonely, word
