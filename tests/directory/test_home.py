"""The home page: problem tiles in residents' words, a city choice and a search box."""

from django.urls import reverse

URL = reverse("directory:home")


def test_it_shows_top_level_problem_types_in_residents_words(client, make_problem):
    parent = make_problem("Eenzaamheid", resident_phrase="Ik voel me eenzaam")
    make_problem("Geen vrienden", parent=parent)
    make_problem("Stress")

    response = client.get(URL)

    assert response.status_code == 200
    assert "Waarmee kunnen we je helpen?" in response.text
    assert ">Ik voel me eenzaam</a>" in response.text
    assert ">Stress</a>" in response.text
    assert "Geen vrienden" not in response.text


def test_it_shows_the_urgent_help_line(client, db):
    response = client.get(URL)

    assert 'href="tel:112"' in response.text
    assert 'href="tel:1813"' in response.text
    assert "Chat met het CAW" in response.text


def test_it_offers_each_city_and_marks_the_chosen_one(client, city, other_city):
    response = client.get(URL, {"stad": "gent"})

    assert '<a class="chip" href="?stad=gent" aria-current="true">Gent</a>' in response.text
    assert '<a class="chip" href="?stad=aalst">Aalst</a>' in response.text


def test_its_tiles_carry_the_chosen_city_to_the_problem_page(client, city, make_problem):
    make_problem("Stress", slug="stress")

    response = client.get(URL, {"stad": "gent"})

    assert 'href="/problemen/stress/?stad=gent"' in response.text
    assert '<input type="hidden" name="stad" value="gent">' in response.text


def test_its_search_box_sends_residents_to_the_service_list(client, db):
    response = client.get(URL)

    assert f'action="{reverse("directory:service_list")}"' in response.text
    assert 'name="q"' in response.text


def test_it_renders_in_a_fixed_number_of_queries(
    client, many_services, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        client.get(URL, {"stad": "gent"})
