"""The filterable list at /diensten/: every filter, combinations, count, chips, pagination."""

import re

import django_filters
import pytest
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse

from directory import deep_pages
from directory.choices import DirectoryChoices
from directory.models import Service

URL = reverse("directory:service_list")


def names(response):
    return [service.name for service in response.context["page_obj"].object_list]


def test_it_lists_published_active_services_by_name(client, make_service):
    make_service("Bravo")
    make_service("Alfa")
    make_service("Verborgen", is_published=False)
    make_service("Gestopt", status=Service.Status.ENDED)

    response = client.get(URL)

    assert response.status_code == 200
    assert names(response) == ["Alfa", "Bravo"]
    assert "2 diensten gevonden" in response.text


def test_it_says_one_service_in_the_singular(client, make_service):
    make_service("Alfa")

    assert "1 dienst gevonden" in client.get(URL).text


def test_it_filters_by_problem_including_child_types(client, make_service, make_problem):
    parent = make_problem("Relaties", slug="relaties")
    child = make_problem("Ruzie thuis", slug="ruzie-thuis", parent=parent)
    make_service("Ouder", problems=[parent])
    make_service("Kind", problems=[child])
    make_service("Anders", problems=[make_problem("Schulden")])

    assert names(client.get(URL, {"probleem": "relaties"})) == ["Kind", "Ouder"]
    assert names(client.get(URL, {"probleem": "ruzie-thuis"})) == ["Kind"]


def test_it_filters_by_city_counting_services_for_one_of_its_neighbourhoods(
    client, make_service, city, other_city, make_neighbourhood
):
    make_service("Heel Gent", cities=[city])
    make_service("Wijk in Gent", neighbourhoods=[make_neighbourhood(city)])
    make_service("Aalst", cities=[other_city])

    assert names(client.get(URL, {"stad": "gent"})) == ["Heel Gent", "Wijk in Gent"]


def test_it_filters_by_neighbourhood_counting_services_for_the_whole_city(
    client, make_service, city, other_city, make_neighbourhood
):
    rabot = make_neighbourhood(city, "Rabot")
    make_service("Rabot", neighbourhoods=[rabot])
    make_service("Ledeberg", neighbourhoods=[make_neighbourhood(city, "Ledeberg")])
    make_service("Heel Gent", cities=[city])
    make_service("Aalst", cities=[other_city])

    assert names(client.get(URL, {"wijk": rabot.slug})) == ["Heel Gent", "Rabot"]


def test_it_filters_by_kind(client, make_service):
    make_service("Lijn", kind=Service.Kind.HELPLINE)
    make_service("Onthaal", kind=Service.Kind.CAW_INTAKE)

    assert names(client.get(URL, {"soort": "hulplijn"})) == ["Lijn"]


@pytest.mark.parametrize(
    ("parameter", "matching", "other"),
    [
        ("gratis", {"cost": Service.Cost.FREE}, {"cost": Service.Cost.OTHER}),
        ("zonder_doorverwijzing", {"referral_required": False}, {"referral_required": True}),
        ("tolk", {"interpreter_available": True}, {"interpreter_available": False}),
        ("huisbezoek", {"home_visits": True}, {"home_visits": False}),
    ],
)
def test_it_filters_by_each_yes_no_choice(client, make_service, parameter, matching, other):
    make_service("Past", **matching)
    make_service("Past niet", **other)

    assert names(client.get(URL, {parameter: "ja"})) == ["Past"]
    assert names(client.get(URL, {parameter: ""})) == ["Past", "Past niet"]


def test_it_filters_by_age_counting_services_without_age_groups_as_for_everyone(
    client, make_service, youth, adults
):
    make_service("Jongeren").age_groups.set([youth])
    make_service("Volwassenen").age_groups.set([adults])
    make_service("Iedereen")

    assert names(client.get(URL, {"leeftijd": "15"})) == ["Iedereen", "Jongeren"]
    assert names(client.get(URL, {"leeftijd": "18"})) == ["Iedereen", "Volwassenen"]
    assert names(client.get(URL, {"leeftijd": "17"})) == ["Iedereen", "Jongeren"]


def test_it_filters_by_language(client, make_service, language):
    make_service("Arabisch").languages.set([language])
    make_service("Nederlands")

    assert names(client.get(URL, {"taal": "ar"})) == ["Arabisch"]


def test_it_combines_filters(client, make_service, make_problem, city, other_city, language):
    stress = make_problem("Stress", slug="stress")
    make_service("Alles past", problems=[stress], cities=[city], interpreter_available=True)
    make_service("Andere stad", problems=[stress], cities=[other_city], interpreter_available=True)
    make_service("Geen tolk", problems=[stress], cities=[city])
    make_service("Ander probleem", cities=[city], interpreter_available=True)

    response = client.get(URL, {"probleem": "stress", "stad": "gent", "tolk": "ja"})

    assert names(response) == ["Alles past"]
    assert "1 dienst gevonden" in response.text


def test_it_combines_search_with_filters(client, make_service, city, other_city):
    make_service("Schuldhulp Gent", summary="Hulp bij schulden.", cities=[city])
    make_service("Schuldhulp Aalst", summary="Hulp bij schulden.", cities=[other_city])

    assert names(client.get(URL, {"q": "schulden", "stad": "aalst"})) == ["Schuldhulp Aalst"]


def test_it_shows_each_filter_as_a_chip_that_removes_only_that_filter(
    client, make_service, city, make_problem
):
    make_problem("Stress", slug="stress")
    make_service("Dienst", cities=[city])

    response = client.get(URL, {"stad": "gent", "probleem": "stress", "gratis": "ja", "page": "2"})

    chips = {chip.label: chip.remove_query for chip in response.context["filter"].chips}
    assert chips == {
        "Waarmee wil je hulp?: Stress": "stad=gent&gratis=ja",
        "Stad: Gent": "probleem=stress&gratis=ja",
        "Gratis": "probleem=stress&stad=gent",
    }
    assert 'href="?probleem=stress&amp;gratis=ja"' in response.text


def test_a_chip_keeps_the_other_words_encoded_as_the_search_form_sends_them(
    client, make_service, city
):
    make_service("Dienst", cities=[city])

    response = client.get(URL, {"q": "café & ça va?", "stad": "gent", "page": "3"})

    chips = {chip.name: chip.remove_query for chip in response.context["filter"].chips}
    assert chips == {"q": "stad=gent", "stad": "q=caf%C3%A9+%26+%C3%A7a+va%3F"}


def test_it_shows_no_chips_without_filters(client, make_service):
    make_service()

    response = client.get(URL)

    assert response.context["filter"].chips == []
    assert "Alle keuzes wissen" not in response.text


def test_it_shows_twenty_services_a_page_and_keeps_filters_in_page_links(client, many_services):
    first = client.get(URL, {"tolk": "ja"})
    second = client.get(URL, {"tolk": "ja", "page": "2"})

    assert len(names(first)) == 20
    assert names(second) == [service.name for service in many_services[20:]]
    assert 'href="?tolk=ja&amp;page=2"' in first.text
    assert "Pagina 2 van 2" in second.text


def test_it_keeps_the_ticked_boxes_ticked(client, make_service):
    make_service()

    response = client.get(URL, {"gratis": "ja"})

    assert 'name="gratis" value="ja" id="id_gratis" checked' in response.text


def test_it_renders_in_a_fixed_number_of_queries(
    client, many_services, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        response = client.get(
            URL,
            {"probleem": "relaties", "stad": "gent", "tolk": "ja", "taal": "ar", "q": "dienst"},
        )

    assert len(names(response)) == 17


@pytest.mark.parametrize(
    "params", [{"taal": "ar"}, {"stad": "gent"}, {"q": "dienst"}, {"open_nu": "ja"}, {}]
)
def test_a_deep_page_renders_in_a_fixed_number_of_queries_and_shows_its_cards(
    client, many_services, monkeypatch, settings, django_assert_max_num_queries, params
):
    """A deep page reads its keys first, then their cards (directory.deep_pages): one query
    more than a first page, still within 8, and the cards the other way shows."""
    settings.PAGE_CACHE_SECONDS = 0  # both requests render
    monkeypatch.setattr(deep_pages, "KEYS_FIRST_FROM", 10**9)
    shallow = client.get(URL, {**params, "page": 2})
    monkeypatch.setattr(deep_pages, "KEYS_FIRST_FROM", 0)

    with django_assert_max_num_queries(8):
        deep = client.get(URL, {**params, "page": 2})

    assert names(deep) == names(shallow)
    assert names(deep) or "open_nu" in params


def test_its_chips_leave_out_the_empty_fields_a_submitted_form_sends(client, make_service, city):
    make_service(cities=[city])

    response = client.get(URL + "?q=&probleem=&stad=gent&wijk=&leeftijd=&gratis=ja")

    chips = {chip.label: chip.remove_query for chip in response.context["filter"].chips}
    assert chips == {"Stad: Gent": "gratis=ja", "Gratis": "stad=gent"}


@pytest.fixture
def region(monkeypatch, city, other_city, make_neighbourhood):
    """More neighbourhoods than one list should show: Gent's Rabot and Aalst's Herdersem."""
    monkeypatch.setattr("directory.choices.MAX_NEIGHBOURHOODS_LISTED", 1)
    return make_neighbourhood(city, "Rabot"), make_neighbourhood(other_city, "Herdersem")


def neighbourhood_options(response):
    field = response.context["filter"].form["wijk"]
    return [option.choice_label for option in field.subwidgets if option.data["value"]]


def test_in_a_region_the_neighbourhood_list_waits_for_a_city(client, region):
    response = client.get(URL)

    assert neighbourhood_options(response) == []
    assert "Kies eerst een stad. Dan zie je hier haar wijken." in response.text
    assert 'aria-describedby="id_wijk_helptext"' in response.text


def test_in_a_region_the_neighbourhood_list_shows_the_chosen_citys(client, region, other_city):
    response = client.get(URL, {"stad": other_city.slug})

    assert neighbourhood_options(response) == ["Herdersem"]


def test_the_filter_forms_fields_are_made_once_per_set_of_choices_and_changed_per_request(
    region, other_city, monkeypatch
):
    """directory.filters.ServiceFilter.get_form_class: one class per set of choices (shared by
    a process's requests while the data stay the same); what a request changes in its own
    fields (the neighbourhood list and its hint) does not reach the next."""
    from directory.filters import ServiceFilter

    made = []
    make = django_filters.FilterSet.get_form_class
    monkeypatch.setattr(
        django_filters.FilterSet, "get_form_class", lambda self: made.append(1) or make(self)
    )
    choices = DirectoryChoices()
    queries = ["", f"stad={other_city.slug}", "gratis=on", f"stad={other_city.slug}&tolk=on"]
    forms = [
        ServiceFilter(QueryDict(query), Service.objects.all(), choices=choices).form
        for query in queries
    ]

    shown = [[o.choice_label for o in form["wijk"].subwidgets if o.data["value"]] for form in forms]
    assert shown == [[], ["Herdersem"], [], ["Herdersem"]]
    assert [bool(form.fields["wijk"].help_text) for form in forms] == [True, False, True, False]
    assert len(made) == 1
    assert len({type(form) for form in forms}) == 1
    assert forms[0].fields["wijk"] is not forms[2].fields["wijk"]
    other_choices = DirectoryChoices()
    other = ServiceFilter(QueryDict(), Service.objects.all(), choices=other_choices)
    assert type(other.form) is not type(forms[0])
    assert len(made) == 2


def choices_html(query, choices):
    from directory.filters import ServiceFilter

    found = ServiceFilter(QueryDict(query), Service.objects.all(), choices=choices)
    return found.shown_choices(
        lambda: render_to_string("directory/_filter_choices.html", {"filter": found})
    )


def test_the_filter_forms_choices_are_rendered_once_per_set_of_chosen_values(
    region, other_city, monkeypatch
):
    """ServiceFilter.shown_choices keeps the form's choices per chosen values: every search
    with the same filters shows the same HTML, which is what rendering them anew gives."""
    from directory import filters

    rendered = []
    monkeypatch.setattr(filters, "MAX_RENDERED_CHOICES", 6)
    choices = DirectoryChoices()
    aalst = f"stad={other_city.slug}"
    queries = [
        "q=eenzaam", "q=schulden", "", f"q=huur&{aalst}", f"{aalst}&gratis=on&q=x",
        f"{aalst}&q=y&page=2", "leeftijd=veel", "leeftijd=veel&q=z", "stad=nergens&tolk=on",
        "leeftijd=34", "leeftijd=35", "leeftijd=36", "q=eenzaam",
    ]  # fmt: skip
    for query in queries:
        html = choices_html(query, choices)
        assert html == choices_html(query, DirectoryChoices()), query
        rendered.append(html)

    assert 'value="aalst" selected' in rendered[3] and 'value="aalst" selected' not in rendered[0]
    assert "Herdersem" in rendered[3] and "Herdersem" not in rendered[0]
    assert 'aria-invalid="true"' in rendered[6] and "aria-invalid" not in rendered[0]
    ticked = re.compile(r'<input[^>]*name="gratis"[^>]*checked')
    assert ticked.search(rendered[4]) and not ticked.search(rendered[5])
    kept = choices.rendered_filter_choices
    # Searches and pages share their filters' entry; at six entries nothing more is kept.
    assert len(kept) == 6 and rendered[-1] is rendered[0] is rendered[1]
    assert rendered[5] is rendered[3]


def test_in_a_region_a_chosen_neighbourhood_shows_its_own_city_and_still_filters(
    client, region, make_service, city
):
    rabot, _ = region
    make_service("Buurtwerk Rabot", neighbourhoods=[rabot])
    make_service("Elders")

    response = client.get(URL, {"wijk": rabot.slug})

    assert neighbourhood_options(response) == ["Rabot"]
    assert names(response) == ["Buurtwerk Rabot"]
