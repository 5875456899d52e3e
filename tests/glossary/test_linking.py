import pytest

from glossary import linking
from glossary.linking import LinkableTerm, TermLinker, linkable_terms


def term(word, *forms, full_form="", slug=None):
    slug = slug or word.lower().replace(" ", "-")
    return LinkableTerm(
        term=word,
        full_form=full_form,
        url=f"/woordenboek/#woord-{slug}",
        forms=(word, *([full_form] if full_form else []), *forms),
    )


CAW = term("CAW", full_form="Centrum Algemeen Welzijnswerk")
OCMW = term("OCMW")
REFERRAL = term("doorverwijzing", "doorverwijzen")
REDUCED = term("verhoogde tegemoetkoming")
ALLOWANCE = term("tegemoetkoming")


def test_it_links_a_term_and_explains_an_abbreviation():
    html = TermLinker([CAW]).link("Bel het CAW.")

    assert html == (
        'Bel het <a class="glossary-link" href="/woordenboek/#woord-caw">'
        '<abbr title="Centrum Algemeen Welzijnswerk">CAW</abbr></a>.'
    )


def test_it_links_only_the_first_occurrence_across_all_texts_of_a_page():
    linker = TermLinker([OCMW])

    first = linker.link("Vraag het OCMW. Het OCMW helpt.")
    second = linker.link("Ook het OCMW.")

    assert first.count("<a ") == 1
    assert first.startswith('Vraag het <a class="glossary-link"')
    assert second == "Ook het OCMW."


def test_it_matches_whatever_the_case_and_keeps_the_writers_case():
    html = TermLinker([REFERRAL]).link("Een Doorverwijzing is niet nodig.")

    assert (
        '<a class="glossary-link" href="/woordenboek/#woord-doorverwijzing">Doorverwijzing</a>'
        in html
    )


def test_it_links_other_forms_of_a_word_to_the_same_term():
    html = TermLinker([REFERRAL]).link("Je huisarts kan je doorverwijzen.")

    assert 'href="/woordenboek/#woord-doorverwijzing">doorverwijzen</a>' in html


@pytest.mark.parametrize(
    "text", ["Het CAWO helpt.", "In de MCAW.", "zonderdoorverwijzing", "doorverwijzingen"]
)
def test_it_matches_whole_words_only(text):
    assert TermLinker([CAW, REFERRAL]).link(text) == text


def test_a_word_next_to_punctuation_still_counts_as_a_whole_word():
    html = TermLinker([CAW]).link("Het CAW-onthaal (CAW's) helpt.")

    assert html.count("<a ") == 1
    assert "<abbr" in html and html.endswith("-onthaal (CAW&#x27;s) helpt.")


def test_the_longest_term_wins_and_no_link_lands_inside_another():
    html = TermLinker([ALLOWANCE, REDUCED]).link(
        "Met verhoogde tegemoetkoming betaal je minder. Een tegemoetkoming helpt."
    )

    assert (
        'href="/woordenboek/#woord-verhoogde-tegemoetkoming">verhoogde tegemoetkoming</a>' in html
    )
    assert 'href="/woordenboek/#woord-tegemoetkoming">tegemoetkoming</a> helpt.' in html
    assert html.count("<a ") == 2
    assert "<a " not in html.split("</a>")[0].split(">", 1)[1]


def test_it_escapes_the_text_and_never_trusts_markup_in_it():
    html = TermLinker([CAW]).link('<script>alert("x")</script> & het CAW <b>nu</b>')

    assert "<script>" not in html and "<b>" not in html
    assert html.startswith("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; het <a ")
    assert html.endswith("</a> &lt;b&gt;nu&lt;/b&gt;")


def test_a_term_never_matches_inside_an_escaped_character():
    assert TermLinker([term("amp"), term("quot")]).link('A & "B"') == "A &amp; &quot;B&quot;"


def test_a_term_with_markup_in_its_name_is_escaped_in_the_link():
    evil = term('<img src=x onerror="x">', slug="evil", full_form='"><script>')

    html = TermLinker([evil]).link('Zie <img src=x onerror="x">.')

    assert "<img" not in html and "<script>" not in html


def test_without_terms_it_only_escapes():
    assert TermLinker([]).link("Tom & Jerry") == "Tom &amp; Jerry"
    assert TermLinker([CAW]).link(None) == ""


def test_it_loads_published_terms_once_and_forgets_them_when_a_term_changes(
    make_term, django_assert_num_queries
):
    caw = make_term("CAW", full_form="Centrum Algemeen Welzijnswerk", variants="CAW's")
    make_term("Geheim", is_published=False)

    with django_assert_num_queries(1):
        first = linkable_terms()
        linkable_terms()
    assert [t.term for t in first] == ["CAW"]
    assert first[0].forms == ("CAW", "Centrum Algemeen Welzijnswerk", "CAW's")

    caw.term = "CAW Oost"
    caw.save()
    with django_assert_num_queries(1):
        assert [t.term for t in linkable_terms()] == ["CAW Oost"]

    caw.delete()
    assert linkable_terms() == []


def test_a_linker_makes_no_query_until_it_links_something(make_term, django_assert_num_queries):
    make_term("OCMW")
    with django_assert_num_queries(0):
        linker = TermLinker()
    with django_assert_num_queries(1):
        linker.link("Het OCMW.")
        linker.link("Nog eens OCMW.")


def test_pages_with_the_same_terms_share_one_pattern_and_a_changed_list_gets_its_own():
    """Issue 18: building the pattern of every form was part of each service page's time."""
    first, second = TermLinker([CAW, OCMW]), TermLinker([CAW, OCMW])
    assert first.link("Het OCMW") == second.link("Het OCMW")
    assert first._term_by_form is second._term_by_form

    renamed = TermLinker([CAW, term("OCMW Gent")])
    assert renamed._term_by_form is not first._term_by_form
    assert "glossary-link" in renamed.link("Het OCMW Gent helpt.")
    assert "glossary-link" not in renamed.link("Het OCMW helpt.")


def test_pages_share_the_published_terms_in_the_process_until_a_term_changes(
    make_term, django_assert_num_queries, monkeypatch, settings
):
    """Issue 18: reading the terms from a shared Redis on every service page cost it 0.2 ms of
    CPU. Each process keeps them while the page cache's generation holds."""
    settings.PAGE_CACHE_SECONDS = 300
    make_term("OCMW")
    assert "glossary-link" in TermLinker().link("Het OCMW.")
    reads = []
    real_get = linking.cache.get
    monkeypatch.setattr(
        linking.cache, "get", lambda *a, **kw: reads.append(a) or real_get(*a, **kw)
    )

    with django_assert_num_queries(0):
        assert "glossary-link" in TermLinker().link("Nog eens het OCMW.")
    assert [key for key, *_ in reads if key.startswith(linking.CACHE_KEY)] == []

    make_term("CAW")
    assert "glossary-link" in TermLinker().link("Het CAW.")
