"""Wrong, strange or hostile input never gives a 500, and is never shown unescaped."""

import pytest
from django.urls import reverse

URL = reverse("directory:service_list")
INJECTION = "<script>alert(1)</script>' OR 1=1; DROP TABLE directory_service; --"


@pytest.fixture(autouse=True)
def services(make_service, city):
    for number in range(25):
        make_service(f"Dienst {number:02d}", cities=[city])


def notices(response):
    return response.context["filter"].notices


@pytest.mark.parametrize(
    ("parameter", "value", "message"),
    [
        ("stad", "xyz", "We kennen de stad ‘xyz’ niet."),
        ("wijk", "nergens", "We kennen de wijk ‘nergens’ niet."),
        ("probleem", "onbekend", "We kennen het probleem ‘onbekend’ niet."),
        ("soort", "raket", "We kennen de soort hulp ‘raket’ niet."),
        ("taal", "klingon", "We kennen de taal ‘klingon’ niet."),
        ("gratis", "banana", "We begrijpen ‘banana’ niet bij ‘Gratis’."),
        ("tolk", "misschien", "We begrijpen ‘misschien’ niet bij ‘Met tolk’."),
        ("leeftijd", "oud", "Vul je leeftijd in met cijfers, bijvoorbeeld 34."),
        ("leeftijd", "-4", "Vul een leeftijd in tussen 0 en 120."),
        ("leeftijd", "999", "Vul een leeftijd in tussen 0 en 120."),
    ],
)
def test_it_explains_an_unknown_or_wrong_value_and_ignores_that_filter(
    client, parameter, value, message
):
    response = client.get(URL, {parameter: value})

    assert response.status_code == 200
    assert any(text.startswith(message) for text in notices(response)), notices(response)
    assert response.context["page_obj"].paginator.count == 25
    assert response.context["filter"].chips == []


def test_it_still_applies_the_valid_filters_next_to_a_wrong_one(client, make_service, other_city):
    make_service("In Aalst", cities=[other_city])

    response = client.get(URL, {"stad": "aalst", "gratis": "banana"})

    assert [service.name for service in response.context["page_obj"]] == ["In Aalst"]
    assert [chip.label for chip in response.context["filter"].chips] == ["Stad: Aalst"]


@pytest.mark.parametrize(
    ("page", "shown"),
    [("-1", 1), ("0", 1), ("banana", 1), ("1.5", 1), ("99999", 2), ("2", 2), ("", 1)],
)
def test_it_shows_the_nearest_existing_page_for_any_page_number(client, page, shown):
    response = client.get(URL, {"page": page})

    assert response.status_code == 200
    assert response.context["page_obj"].number == shown


def test_it_shortens_a_very_long_search_and_says_so(client):
    response = client.get(URL, {"q": "stress " * 1500})

    assert response.status_code == 200
    assert "Je zoekvraag was te lang. We zoeken met de eerste 200 tekens." in notices(response)
    assert len(response.context["filter"].form.cleaned_data["q"]) <= 200
    assert "stress " * 40 not in response.text


@pytest.mark.parametrize(
    "parameter", ["q", "stad", "wijk", "probleem", "soort", "taal", "gratis", "leeftijd", "page"]
)
def test_it_survives_nul_bytes_in_every_parameter(client, parameter):
    response = client.get(URL, {parameter: "ge\x00nt"})

    assert response.status_code == 200
    assert "\x00" not in response.text


@pytest.mark.parametrize("parameter", ["q", "stad", "probleem", "gratis", "leeftijd"])
def test_it_never_reflects_html_unescaped(client, parameter):
    response = client.get(URL, {parameter: INJECTION})

    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


def test_it_treats_sql_in_the_search_as_plain_words(client):
    response = client.get(URL, {"q": INJECTION})

    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 0
    assert client.get(URL).context["page_obj"].paginator.count == 25


def test_it_ignores_unknown_parameters(client):
    response = client.get(URL, {"kleur": "blauw"})

    assert response.status_code == 200
    assert notices(response) == []
    assert "kleur" not in response.context["filter"].data


def test_it_uses_the_first_of_repeated_parameters(client, other_city, make_service):
    make_service("In Aalst", cities=[other_city])

    response = client.get(URL + "?stad=aalst&stad=gent")

    assert [service.name for service in response.context["page_obj"]] == ["In Aalst"]


@pytest.mark.parametrize(
    "url",
    [
        "/diensten/bestaat-niet/",
        "/problemen/bestaat-niet/",
        "/wijken/bestaat-niet/",
        "/diensten/%3Cscript%3E/",
        "/iets/anders/",
    ],
)
def test_it_answers_unknown_pages_with_the_friendly_404(client, url):
    response = client.get(url)

    assert response.status_code == 404
    assert "Deze pagina vonden we niet" in response.text
    assert "<script>" not in response.text


@pytest.mark.parametrize("page", ["/", "/problemen/stress/"])
def test_the_city_choice_explains_an_unknown_city(client, make_problem, page):
    make_problem("Stress", slug="stress")

    response = client.get(page, {"stad": "<b>xyz</b>\x00"})

    assert response.status_code == 200
    assert "We kennen de stad ‘&lt;b&gt;xyz&lt;/b&gt;’ niet." in response.text
