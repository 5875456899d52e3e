"""Query understanding against the residents' vocabulary (directory.search.understanding)."""

import pytest

from directory.models import ProblemType, SearchTerm
from directory.search import understand

pytestmark = pytest.mark.usefixtures("demo_data")


def problems(query):
    found = understand(query)
    by_pk = dict(ProblemType.objects.values_list("pk", "slug"))
    return [by_pk[pk] for pk, _ in sorted(found.problems.items(), key=lambda i: -i[1])]


CASES = [
    ("zelfmoordgedachten", "zelfdoding"),  # a compound in the vocabulary
    ("zelfdodingsgedachten", "zelfdoding"),  # split: zelfdoding + s + gedachten
    ("gokverslaving", "verslaving"),
    ("paniekaanvallen", "angst"),  # plural of a vocabulary word
    ("kinderen", "opvoeding"),
    ("kind", "opvoeding"),
    ("zelmoord", "zelfdoding"),  # a typo
    ("deurwarder", "schulden"),  # one letter off, not deur + "in de war" (psychose)
    ("alkoholverslaving", "verslaving"),  # a compound with a misspelt first part
    ("zelfmoordneigingen", "zelfdoding"),  # at least the first part of a compound
    ("psygoloog", "psychisch-welzijn"),
    ("ik kan mijn huur niet meer betalen", "geld-en-armoede"),
    ("rouw na overlijden van mijn mama", "verlies-en-rouw"),
    ("ik wil der nie meer zijn", "zelfdoding"),  # Flemish spoken forms
    ("I want to kill myself", "zelfdoding"),
    ("اكتئاب", "psychisch-welzijn"),
    ("yalnızlık", "eenzaamheid"),
]


def test_it_finds_the_problem_type():
    """One test over all cases: the demo is loaded once."""
    wrong = [(query, slug, problems(query)[:2]) for query, slug in CASES]
    assert [case for case in wrong if not case[2] or case[2][0] != case[1]] == []


def test_words_without_meaning_are_left_out_and_negations_kept():
    assert understand("ik heb een probleem met mijn huur").words == ["probleem", "huur"]
    assert understand("ik wil niet meer leven").words == ["wil", "niet", "meer", "leven"]


def test_a_typo_is_corrected_against_the_vocabulary():
    found = understand("ik voel me depresief")
    assert found.corrections == {"depresief": "depressief"}
    assert found.corrected_query == "voel depressief"


def test_crisis_is_a_property_of_the_vocabulary():
    assert understand("zelfmoord").is_crisis
    assert not understand("schulden").is_crisis
    term = SearchTerm.objects.filter(phrase="deurwaarder").first()
    term.is_crisis = True
    term.save()
    assert understand("de deurwaarder komt").is_crisis


def test_a_new_term_in_the_admin_data_is_understood():
    assert problems("zwijgzaam") == []
    SearchTerm.objects.create(
        problem_type=ProblemType.objects.get(slug="eenzaamheid"), language="nl", phrase="zwijgzaam"
    )
    assert problems("zwijgzaam") == ["eenzaamheid"]


def test_the_vocabulary_holds_enough_words_per_problem_type_and_language():
    for problem in ProblemType.objects.all():
        terms = SearchTerm.objects.filter(problem_type=problem)
        assert terms.filter(language="nl").count() >= 15, problem.slug
        for language in ("fr", "en", "ar", "tr"):
            assert terms.filter(language=language).count() >= 6, (problem.slug, language)


def test_search_terms_keep_a_history():
    term = SearchTerm.objects.filter(phrase="deurwaarder").first()
    term.phrase = "de deurwaarder"
    term.save()
    pk = term.pk
    term.delete()
    history = SearchTerm.history.filter(id=pk)
    assert [(h.history_type, h.phrase) for h in history] == [
        ("-", "de deurwaarder"),
        ("~", "de deurwaarder"),
    ]


def test_one_letter_off_a_long_word_is_taken_over_a_split_into_parts():
    """Issue 18, eleventh run: "deurwarder" was split into "deur" and "warder" ("in de war",
    psychose), and a resident with a bailiff at the door was shown help for psychosis."""
    found = understand("de deurwarder staat aan de deur")
    assert found.corrections == {"deurwarder": "deurwaarder"}
    assert understand("deurwarder").corrected_query == "deurwaarder"


def test_words_far_from_any_vocabulary_word_stay_unknown():
    assert understand("qwertyuiopverslav").unknown_words == ["qwertyuiopverslav"]
    assert understand("alkoholxyzab").problems == {}
