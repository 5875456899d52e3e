"""The stored search columns follow every change that affects what a service is found by."""

from django.core.management import call_command
from django.db.models.expressions import RawSQL

from directory.models import Organization, Service


def found(query):
    return [service.name for service in Service.objects.search(query)]


def test_a_new_service_is_found_by_its_name(organization):
    # Not make_service: it refreshes once at its end, and the signal on saving is under test.
    Service.objects.create(organization=organization, name="Schuldbemiddeling", slug="s")

    assert found("schuldbemiddeling") == ["Schuldbemiddeling"]


def test_an_edited_summary_is_found(make_service):
    service = make_service("Onthaal", summary="Hulp bij vragen.")
    service.summary = "Hulp bij huisvesting."
    service.save()

    assert found("huisvesting") == ["Onthaal"]


def test_adding_and_removing_a_problem_type_changes_what_finds_the_service(
    make_service, make_problem
):
    service = make_service("Onthaal")
    problem = make_problem("Geldzorgen", synonyms="schulden")

    service.problem_types.add(problem)
    assert found("schulden") == ["Onthaal"]

    service.problem_types.remove(problem)
    assert found("schulden") == []


def test_a_service_row_keeps_the_ids_of_its_problem_types(make_service, make_problem):
    money, home = make_problem("Geldzorgen"), make_problem("Wonen")
    service = make_service("Onthaal", problems=[home, money])

    def stored():
        return Service.objects.values_list("search_problem_ids", flat=True).get(pk=service.pk)

    assert stored() == sorted([money.pk, home.pk])
    service.problem_types.remove(money)
    assert stored() == [home.pk]
    home.services.clear()
    assert stored() == []


def test_a_new_synonym_on_a_problem_type_finds_its_services(make_service, make_problem):
    problem = make_problem("Geldzorgen")
    make_service("Onthaal", problems=[problem])

    problem.synonyms = "deurwaarder"
    problem.save()

    assert found("deurwaarder") == ["Onthaal"]


def test_clearing_a_problem_type_from_the_other_side_updates_its_services(
    make_service, make_problem
):
    problem = make_problem("Geldzorgen", synonyms="schulden")
    make_service("Onthaal", problems=[problem])

    problem.services.clear()

    assert found("schulden") == []


def test_deleting_a_problem_type_updates_its_services(make_service, make_problem):
    problem = make_problem("Geldzorgen", synonyms="schulden")
    make_service("Onthaal", problems=[problem])

    problem.delete()

    assert found("schulden") == []


def test_the_command_fills_services_written_without_signals(db):
    organization = Organization.objects.create(name="Org", slug="org")
    Service.objects.bulk_create(
        [Service(organization=organization, name="Bulkdienst", slug="bulk", summary="x")]
    )
    assert found("bulkdienst") == []

    call_command("update_search_index", verbosity=0)

    assert found("bulkdienst") == ["Bulkdienst"]


def test_generated_bulk_services_are_searchable(demo_data):
    call_command("generate_bulk", services=30, verbosity=0)

    bulk = Service.objects.filter(slug__startswith="bulk-")
    assert not bulk.filter(search_document__isnull=True).exists()
    assert not bulk.filter(search_text="").exists()


def in_city(city):
    return sorted(service.name for service in Service.objects.in_city(city))


def test_a_service_row_keeps_the_cities_it_serves(make_service, make_neighbourhood, city):
    rabot = make_neighbourhood(city, "Rabot")
    service = make_service("Onthaal", cities=[city], neighbourhoods=[rabot])

    def stored():
        return Service.objects.values_list("search_city_ids", flat=True).get(pk=service.pk)

    assert stored() == [city.pk, city.pk]  # the whole city, and through Rabot
    assert whole_cities_and_neighbourhoods(service) == ([city.pk], [rabot.pk])
    service.serves_cities.clear()
    assert stored() == [city.pk]
    assert whole_cities_and_neighbourhoods(service) == ([], [rabot.pk])
    rabot.services.clear()
    assert stored() == []
    assert whole_cities_and_neighbourhoods(service) == ([], [])


def whole_cities_and_neighbourhoods(service):
    return Service.objects.values_list("search_whole_city_ids", "search_neighbourhood_ids").get(
        pk=service.pk
    )


def in_neighbourhood(neighbourhood):
    return sorted(service.name for service in Service.objects.in_neighbourhood(neighbourhood))


def test_the_neighbourhood_list_follows_the_cities_and_neighbourhoods_a_service_serves(
    make_service, make_neighbourhood, city
):
    rabot, ledeberg = make_neighbourhood(city, "Rabot"), make_neighbourhood(city, "Ledeberg")
    service = make_service("Onthaal", neighbourhoods=[ledeberg])
    assert (in_neighbourhood(rabot), in_neighbourhood(ledeberg)) == ([], ["Onthaal"])

    city.services.add(service)
    assert (in_neighbourhood(rabot), in_neighbourhood(ledeberg)) == (["Onthaal"], ["Onthaal"])

    service.serves_cities.remove(city)
    ledeberg.services.remove(service)
    assert (in_neighbourhood(rabot), in_neighbourhood(ledeberg)) == ([], [])


def test_the_city_list_follows_the_cities_and_neighbourhoods_a_service_serves(
    make_service, make_neighbourhood, city, other_city
):
    rabot = make_neighbourhood(city, "Rabot")
    service = make_service("Onthaal")
    assert in_city(city) == []

    service.serves_neighbourhoods.add(rabot)
    assert in_city(city) == ["Onthaal"]

    service.serves_neighbourhoods.remove(rabot)
    other_city.services.add(service)
    assert (in_city(city), in_city(other_city)) == ([], ["Onthaal"])

    other_city.services.remove(service)
    assert in_city(other_city) == []


def test_a_neighbourhood_moved_to_another_city_moves_its_services(
    make_service, make_neighbourhood, city, other_city
):
    rabot = make_neighbourhood(city, "Rabot")
    make_service("Onthaal", neighbourhoods=[rabot])

    rabot.city = other_city
    rabot.save()

    assert (in_city(city), in_city(other_city)) == ([], ["Onthaal"])


def test_deleting_a_neighbourhood_takes_its_services_out_of_the_city(
    make_service, make_neighbourhood, city
):
    rabot = make_neighbourhood(city, "Rabot")
    make_service("Onthaal", neighbourhoods=[rabot])
    make_service("Stadsbreed", cities=[city])

    rabot.delete()

    assert in_city(city) == ["Stadsbreed"]


def test_the_language_list_follows_the_languages_a_service_speaks(make_service, language):
    service = make_service("Onthaal")

    def speakers():
        return [s.name for s in Service.objects.speaks(language)]

    assert speakers() == []
    service.languages.add(language)
    assert speakers() == ["Onthaal"]
    language.services.remove(service)
    assert speakers() == []
    service.languages.add(language)

    language.delete()

    assert Service.objects.values_list("search_language_ids", flat=True).get() == []


def test_a_refresh_rewrites_only_the_services_whose_search_columns_change(
    make_service, make_problem
):
    """Saving a problem type unchanged rewrote every service it has (7,280 rows and their index
    entries at 100,000 services: 2.2 s), and load_demo every service of the directory."""
    problem = make_problem("Dakloosheid", synonyms="straat")
    kept = make_service("Nachtopvang", problems=[problem])
    edited = make_service("Onthaal", problems=[problem])

    def row_versions():  # a row's place changes with every UPDATE of it
        services = Service.objects.filter(pk__in=[kept.pk, edited.pk])
        return dict(services.values_list("pk", RawSQL("ctid::text", ())))

    before = row_versions()
    problem.save()
    assert row_versions() == before
    edited.name = "Onthaal Zuidpoort"
    edited.save()
    after = row_versions()
    assert after[kept.pk] == before[kept.pk] and after[edited.pk] != before[edited.pk]
    assert found("zuidpoort") == ["Onthaal Zuidpoort"]
    problem.synonyms = "straat, slapen"
    problem.save()
    assert row_versions()[kept.pk] != after[kept.pk]
    assert sorted(found("slapen")) == ["Nachtopvang", "Onthaal Zuidpoort"]
