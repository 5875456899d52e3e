"""Bulk loaders refresh each service's search columns once, at the end: the columns are then
exactly what a full refresh gives, as they are after ordinary edits, which refresh at once."""

import pytest
from django.db import transaction

from directory.models import ProblemTypeTranslation, Service, ServiceTranslation
from directory.search import refresh_search_fields, search_refreshes_deferred


def search_columns():
    rows = Service.objects.order_by("pk").values_list("pk", "search_document", "search_text")
    return [(pk, str(document), text) for pk, document, text in rows]


def after_a_full_refresh():
    refresh_search_fields()
    return search_columns()


def found(query):
    return [service.name for service in Service.objects.search(query)]


def edit_a_little_directory(organization, make_problem):
    """Every kind of change the signals follow: services, links from both sides, problem
    words, translations of both, a deletion. Plain ORM calls, as the admin makes them."""
    money = make_problem("Geldzorgen", synonyms="schulden")
    lonely = make_problem("Eenzaamheid")
    intake = Service.objects.create(organization=organization, name="Onthaal", slug="onthaal")
    intake.problem_types.set([money])
    listening = Service.objects.create(organization=organization, name="Luisterlijn", slug="l")
    listening.problem_types.add(money, lonely)
    intake.summary = "Hulp bij huisvesting."
    intake.save()
    money.synonyms = "deurwaarder"
    money.save()
    lonely.services.add(intake)
    ServiceTranslation.objects.create(service=intake, language="fr", summary="Aide au logement.")
    ProblemTypeTranslation.objects.create(problem_type=lonely, language="en", name="Loneliness")
    money.services.clear()
    listening.problem_types.remove(lonely)
    make_problem("Rouw").services.add(listening)
    lonely.delete()


def test_the_demo_as_load_demo_leaves_it_has_the_columns_of_a_full_refresh(demo_data):
    loaded = search_columns()

    assert loaded == after_a_full_refresh()
    assert len(loaded) > 30


def test_ordinary_edits_leave_the_columns_of_a_full_refresh(organization, make_problem):
    edit_a_little_directory(organization, make_problem)

    assert search_columns() == after_a_full_refresh()


def test_deferred_edits_leave_the_columns_of_a_full_refresh(organization, make_problem):
    with search_refreshes_deferred():
        edit_a_little_directory(organization, make_problem)

    assert search_columns() == after_a_full_refresh()
    assert found("huisvesting") == ["Onthaal"]
    assert found("deurwaarder") == []  # the problem type was cleared of its services


def test_refreshes_wait_for_the_end_of_the_outermost_block(make_service):
    with search_refreshes_deferred():
        with search_refreshes_deferred():
            make_service("Schuldbemiddeling")
        assert found("schuldbemiddeling") == []

    assert found("schuldbemiddeling") == ["Schuldbemiddeling"]


def test_a_failed_block_refreshes_nothing_and_the_next_change_refreshes_at_once(make_service):
    with pytest.raises(RuntimeError), transaction.atomic(), search_refreshes_deferred():
        make_service("Schuldbemiddeling")
        raise RuntimeError

    make_service("Budgetbegeleiding")
    assert found("budgetbegeleiding") == ["Budgetbegeleiding"]
