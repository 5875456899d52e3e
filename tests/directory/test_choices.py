"""The small tables residents choose from (directory.choices), read once."""

import pytest

from directory.choices import DirectoryChoices
from directory.models import Neighbourhood

pytestmark = pytest.mark.django_db


def test_cities_languages_and_neighbourhoods_come_in_one_query(
    city, other_city, make_neighbourhood, language, django_assert_num_queries
):
    for place, name in [(city, "Rabot"), (other_city, "Nieuwerkerken"), (city, "Brugse Poort")]:
        make_neighbourhood(place, name)
    part = make_neighbourhood(other_city, "Erembodegem")
    Neighbourhood.objects.filter(pk=part.pk).update(kind=Neighbourhood.Kind.SUBMUNICIPALITY)
    choices = DirectoryChoices()

    with django_assert_num_queries(1):
        places = [(p.city.name, p.name, p.kind) for p in choices.neighbourhoods]
        cities = [c.name for c in choices.cities]
        languages = [(language.code, language.name) for language in choices.languages]

    assert places == [
        ("Aalst", "Erembodegem", "deelgemeente"),
        ("Aalst", "Nieuwerkerken", "wijk"),
        ("Gent", "Brugse Poort", "wijk"),
        ("Gent", "Rabot", "wijk"),
    ]
    assert cities == ["Aalst", "Gent"]
    assert languages == [("ar", "Arabisch")]
    assert choices.neighbourhood("gent-rabot").city == city
