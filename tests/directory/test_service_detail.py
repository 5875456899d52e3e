"""The service page: everything a resident needs to get in touch, in plain words."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from directory.models import AgeGroup, Language, ReferrerType


def url(service):
    return reverse("directory:service_detail", kwargs={"slug": service.slug})


@pytest.fixture
def page(client, full_service):
    response = client.get(url(full_service))
    assert response.status_code == 200
    return response.text


def test_it_shows_contact_channels_as_real_links(page):
    assert (
        '<a class="button" href="tel:+3280013500">Bel <bdi dir="ltr">0800 13 500</bdi></a>' in page
    )
    assert 'href="mailto:onthaal.gent@example.be"' in page
    assert 'href="https://www.caw.be"' in page


def test_it_numbers_the_steps_to_get_help(page):
    assert (
        '<ol class="steps">\n  <li>Bel het gratis nummer.</li><li>Maak een afspraak.</li>'
        "<li>Kom langs op het onthaal.</li>"
    ) in page


def test_it_explains_who_it_is_for_cost_and_referral(page):
    assert "Iedereen die in Gent woont." in page
    assert "Leeftijd: Volwassenen" in page
    assert "Deze hulp is gratis." in page
    assert "Ja. Iemand moet je doorverwijzen. Dat kan: Huisarts." in page
    assert "Je kan maximaal 10 gesprekken krijgen." in page


def test_it_shows_interpreter_home_visits_and_languages(page):
    assert "Er kan een tolk helpen bij het gesprek." in page
    assert "De hulpverlener kan bij je thuis komen." in page
    assert "Talen: Arabisch" in page


def test_it_shows_addresses_with_their_opening_hours(page):
    assert 'Opgeëistenlaan 1<br><bdi dir="ltr">9000</bdi> Gent' in page
    assert '<dt>Dinsdag</dt>\n  <dd><bdi dir="ltr">09:00–12:00</bdi></dd>' in page
    assert '<dt>Maandag</dt>\n  <dd><bdi dir="ltr">13:00–16:00</bdi></dd>' in page
    assert 'href="/wijken/gent-rabot/"' in page


def test_it_says_who_checked_it_and_when(page):
    assert "Gecontroleerd door Stad Gent op 1 oktober 2026" in page


def test_it_shows_the_cost_per_session_with_the_reduced_rate(client, make_service):
    service = make_service(cost="per_sessie", cost_per_session=11, cost_reduced=4)

    response = client.get(url(service))

    assert "€ 11 per gesprek. Met verhoogde tegemoetkoming betaal je € 4." in response.text


def test_it_says_an_ended_service_stopped_and_links_to_its_successor(client, ended_service):
    response = client.get(url(ended_service))

    assert response.status_code == 200
    assert "Deze dienst is gestopt op 31 januari 2024." in response.text
    assert '<a class="button" href="/diensten/eerstelijnspsychologen/">' in response.text
    assert "Ga naar Eerstelijnspsychologen Gent" in response.text


def test_an_ended_service_shows_no_opening_status_or_contact_buttons(client, ended_service):
    ended_service.contact_channels.create(kind="telefoon", value="09 266 11 11")
    content = client.get(url(ended_service)).content.decode()

    assert "09 266 11 11" not in content and "tel:+32" not in content
    assert 'class="opening-status' not in content and "Zet op kaart" not in content
    assert "<h2>" not in content.split('class="notice"')[1].split("Klopt er iets niet")[0]


def test_it_hides_unpublished_services(client, make_service):
    service = make_service(is_published=False)

    assert client.get(url(service)).status_code == 404


def test_it_renders_in_a_fixed_number_of_queries_even_on_a_cold_glossary_cache(
    client, full_service, many_services, django_assert_max_num_queries
):
    cache.clear()

    with django_assert_max_num_queries(7):
        response = client.get(url(full_service))

    assert response.status_code == 200
    assert "Talen: Arabisch" in response.text


def test_it_lists_age_groups_referrers_and_languages_in_their_own_order(client, make_service):
    service = make_service(referral_required=True)
    service.age_groups.set(
        [
            AgeGroup.objects.create(name="Volwassenen", slug="volwassenen", min_age=18),
            AgeGroup.objects.create(name="Jongeren", slug="jongeren", min_age=12, max_age=25),
        ]
    )
    service.referrer_types.set(
        [
            ReferrerType.objects.create(name="Huisarts", slug="huisarts"),
            ReferrerType.objects.create(name="CAW", slug="caw"),
        ]
    )
    service.languages.set(
        [
            Language.objects.create(code="tr", name="Turks"),
            Language.objects.create(code="en", name="Engels"),
        ]
    )

    page = client.get(url(service)).text

    assert "Leeftijd: Jongeren, Volwassenen" in page
    assert "Dat kan: CAW, Huisarts." in page
    assert "Talen: Engels, Turks" in page


def test_languages_are_named_in_the_language_of_the_page(get_in, full_service):
    page = get_in("fr", url(full_service)).text

    assert "Langues : Arabe" in page


def test_a_second_service_page_reuses_the_sql_of_its_requirements_and_hours(
    client, make_service, monkeypatch
):
    """Issue 18: these two queries cost three to eight times more to build than to run."""
    from directory import open_now, requirements
    from directory.compiled_sql import CompiledQuery

    built = []
    for module, name, build in (
        (requirements, "_REQUIREMENT_ROWS", requirements._requirement_rows),
        (open_now, "_SERVICE_PAGE_ROWS", open_now._service_page_query),
    ):
        monkeypatch.setattr(
            module, name, CompiledQuery(lambda *values, b=build: built.append(b) or b(*values))
        )
    young = AgeGroup.objects.create(name="Jongeren", slug="jongeren", min_age=12, max_age=25)
    old = AgeGroup.objects.create(name="Ouderen", slug="ouderen", min_age=65)
    first, second = make_service(), make_service()
    first.age_groups.set([young])
    second.age_groups.set([old])

    pages = [client.get(url(service)).text for service in (first, second)]

    assert "Leeftijd: Jongeren" in pages[0] and "Ouderen" not in pages[0]
    assert "Leeftijd: Ouderen" in pages[1] and "Jongeren" not in pages[1]
    assert len(built) == 2  # each query once, for the first page


def test_the_page_reads_neither_the_search_columns_nor_the_internal_note(
    client, ended_service, django_assert_max_num_queries
):
    """Nor those of the service that took over from an ended one."""
    with django_assert_max_num_queries(7) as queries:
        assert client.get(url(ended_service)).status_code == 200

    service_query = next(q["sql"] for q in queries if 'FROM "directory_service"' in q["sql"])
    unshown = ("search_document", "search_text", "search_problem_ids", "search_city_ids")
    for column in (*unshown, "search_language_ids", "internal_note"):
        assert column not in service_query


def test_one_session_at_most_is_said_in_the_singular_in_each_language(client, make_service):
    service = make_service(max_sessions=1)

    assert "Je kan maximaal 1 gesprek krijgen." in client.get(url(service)).text
    french = client.get(f"/fr{url(service)}").text
    assert "Je kan maximaal" not in french
    assert "1" in french.split('class="summary"')[1]


def test_what_staff_wrote_is_escaped_everywhere_on_the_page(
    client, make_service, make_location, city
):
    """The page's body is a Jinja2 template (config/jinja2.py): staff's texts stay text."""
    attack = '<script>alert("x")</script>'
    service = make_service(
        f"Hulp {attack}",
        audience=f"Iedereen {attack}",
        steps=f"Bel {attack}",
        cost_note=f"Let op {attack}",
        description=f"Uitleg {attack}",
    )
    place = make_location(city, f"Onthaal {attack}", accessibility=f"Trap {attack}")
    service.service_locations.create(location=place, note=f"Achteraan {attack}")

    main = client.get(url(service)).text.split("<main", 1)[1].split("</main>")[0]

    assert "<script>" not in main
    # The name (in the heading and the "Zet op kaart" button), the place, its route link,
    # note and access, a step, who it is for, the cost note and the description.
    assert main.count("&lt;script&gt;alert(") == 10


def test_an_arabic_service_page_keeps_numbers_left_to_right_and_marks_dutch(client, full_service):
    html = client.get(f"/ar{url(full_service)}").text

    assert '<h1 lang="nl" dir="ltr">CAW onthaal Gent</h1>' in html
    assert '<bdi dir="ltr">0800 13 500</bdi>' in html
    assert '<bdi dir="ltr">09:00–12:00</bdi>' in html
    assert '<address lang="nl" dir="ltr">' in html


def test_the_links_of_the_page_follow_its_language_after_another_language_was_shown(
    client, full_service
):
    """Problem types and neighbourhoods reverse their paths once per slug and language
    (directory.models.base.slug_path): a French page after a Dutch one links into French."""
    path = url(full_service)
    dutch = client.get(path).text
    french = client.get(f"/fr{path}").text
    dutch_again = client.get(path).text

    for page in (dutch, dutch_again):
        assert 'href="/problemen/geweld/"' in page and 'href="/wijken/gent-rabot/"' in page
    assert 'href="/fr/problemen/geweld/"' in french and 'href="/fr/wijken/gent-rabot/"' in french
    assert 'href="/problemen/geweld/"' not in french
