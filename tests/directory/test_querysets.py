import datetime

import pytest

from directory.models import Service

pytestmark = pytest.mark.django_db


def test_published_active_leaves_out_drafts_and_ended_services(make_service):
    visible = make_service()
    make_service(is_published=False)
    make_service(status=Service.Status.ENDED, end_date=datetime.date(2024, 1, 31))

    assert list(Service.objects.published().active()) == [visible]


def test_for_problem_includes_services_of_child_and_grandchild_types(make_service, make_problem):
    wellbeing = make_problem("Psychisch welzijn")
    stress = make_problem("Stress", parent=wellbeing)
    burnout = make_problem("Burn-out", parent=stress)
    loneliness = make_problem("Eenzaamheid")
    for_wellbeing = make_service(problems=[wellbeing])
    for_stress = make_service(problems=[stress])
    for_burnout = make_service(problems=[burnout, loneliness])
    make_service(problems=[loneliness])

    assert set(Service.objects.for_problem(wellbeing)) == {for_wellbeing, for_stress, for_burnout}
    assert set(Service.objects.for_problem(stress)) == {for_stress, for_burnout}


def test_for_problem_lists_a_service_once_even_with_several_matching_types(
    make_service, make_problem
):
    parent = make_problem("Relatie en gezin")
    child = make_problem("Opvoeding", parent=parent)
    make_service(problems=[parent, child])

    assert Service.objects.for_problem(parent).count() == 1


def test_in_neighbourhood_includes_services_for_the_whole_city(
    make_service, make_neighbourhood, city, other_city
):
    ledeberg = make_neighbourhood(city, "Ledeberg")
    rabot = make_neighbourhood(city, "Rabot")
    in_ledeberg = make_service(neighbourhoods=[ledeberg])
    whole_city = make_service(cities=[city])
    make_service(neighbourhoods=[rabot])
    make_service(cities=[other_city])

    assert set(Service.objects.in_neighbourhood(ledeberg)) == {in_ledeberg, whole_city}


def test_in_city_includes_services_for_one_of_its_neighbourhoods(
    make_service, make_neighbourhood, city, other_city
):
    in_ledeberg = make_service(neighbourhoods=[make_neighbourhood(city, "Ledeberg")])
    whole_city = make_service(cities=[city])
    make_service(cities=[other_city])

    assert set(Service.objects.in_city(city)) == {in_ledeberg, whole_city}


def test_querysets_chain(make_service, make_problem, make_neighbourhood, city):
    problem = make_problem("Schulden")
    ledeberg = make_neighbourhood(city, "Ledeberg")
    match = make_service(problems=[problem], cities=[city])
    make_service(problems=[problem], cities=[city], is_published=False)
    make_service(problems=[problem])

    result = Service.objects.published().active().for_problem(problem).in_neighbourhood(ledeberg)
    assert list(result) == [match]
