import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
URL = reverse("glossary:index")


@pytest.fixture
def terms(make_term):
    return [
        make_term("OCMW", explanation="De sociale dienst van je stad."),
        make_term("CAW", full_form="Centrum Algemeen Welzijnswerk", explanation="Gratis hulp."),
        make_term("doorverwijzing", variants="doorverwijzen", explanation="Iemand stuurt je."),
        make_term("Dossierbeheerder", explanation="Je vaste hulpverlener bij het OCMW."),
        make_term("Geheim woord", is_published=False),
    ]


def test_it_lists_published_terms_alphabetically_whatever_their_case(client, terms):
    response = client.get(URL)

    assert response.status_code == 200
    assert [term.term for term in response.context["terms"]] == [
        "CAW",
        "doorverwijzing",
        "Dossierbeheerder",
        "OCMW",
    ]
    assert "Geheim woord" not in response.content.decode()


def test_it_groups_terms_under_their_first_letter_with_an_anchor_per_letter_and_term(client, terms):
    response = client.get(URL)
    html = response.content.decode()

    assert [(letter, [t.term for t in group]) for letter, group in response.context["letters"]] == [
        ("C", ["CAW"]),
        ("D", ["doorverwijzing", "Dossierbeheerder"]),
        ("O", ["OCMW"]),
    ]
    assert '<a href="#letter-d">D</a>' in html
    assert '<h2 id="letter-d">D</h2>' in html
    assert 'id="woord-caw"' in html
    assert "(Centrum Algemeen Welzijnswerk)" in html


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("caw", ["CAW"]),
        ("welzijnswerk", ["CAW"]),
        ("doorverwijzen", ["doorverwijzing"]),
        ("sociale dienst", ["OCMW"]),
        ("OCMW", ["Dossierbeheerder", "OCMW"]),
    ],
)
def test_it_searches_words_full_forms_other_forms_and_explanations(client, terms, query, found):
    response = client.get(URL, {"q": query})

    assert [term.term for term in response.context["terms"]] == found


def test_a_search_without_results_says_so_and_offers_all_words(client, terms):
    html = client.get(URL, {"q": "raket"}).content.decode()

    assert "0 woorden gevonden voor ‘raket’." in html
    assert "We vonden geen woord dat hierbij past." in html
    assert f'<a href="{URL}">Toon alle woorden</a>' in html


def test_a_search_with_markup_or_control_characters_is_shown_escaped(client, terms):
    response = client.get(URL, {"q": "<script>x\x00</script>"})
    html = response.content.decode()

    assert response.status_code == 200
    assert "<script>x" not in html
    assert "&lt;script&gt;x" in html


def test_it_renders_in_a_fixed_number_of_queries(client, make_term, django_assert_max_num_queries):
    for number in range(40):
        make_term(f"Woord {number:02d}")

    with django_assert_max_num_queries(2):
        response = client.get(URL, {"q": "woord"})

    assert len(response.context["terms"]) == 40


def test_the_site_menu_links_to_the_woordenboek(client, terms):
    html = client.get(reverse("directory:home")).content.decode()

    assert f'<a href="{URL}">Woordenboek</a>' in html
