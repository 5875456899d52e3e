"""What a search page offers besides its results: the crisis box, "Bedoelde je …?", the nearest
problem types, and why each service was found ("Gevonden via: eenzaamheid")."""

from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils.translation import gettext as _
from rapidfuzz import fuzz, process

from directory.search.understanding import Understanding
from directory.search.vocabulary import current_lexicon

# Below this many results the page offers other ways on.
FEW_RESULTS = 3
SUGGESTION_CUTOFF = 75
MAX_SUGGESTIONS = 3


@dataclass
class SearchHelp:
    is_crisis: bool = False
    few_results: bool = False
    did_you_mean: list[tuple[str, str]] = field(default_factory=list)  # (text, query string)
    problem_types: list = field(default_factory=list)  # ProblemType rows


def search_help(understanding: Understanding | None, query: QueryDict, problem_types, count):
    """``problem_types``: the directory's problem types (already loaded, in the active
    language); ``query``: the page's query string."""
    if understanding is None:
        return None
    lexicon = understanding.lexicon or current_lexicon()
    help_ = SearchHelp(is_crisis=understanding.is_crisis, few_results=count < FEW_RESULTS)
    if count >= FEW_RESULTS and not understanding.corrections:
        return help_
    suggestions = []
    if understanding.corrected_query:
        suggestions.append(understanding.corrected_query)
    for word in understanding.unknown_words:
        for found, _score, _index in process.extract(
            word,
            lexicon.typo_choices,
            scorer=fuzz.ratio,
            score_cutoff=SUGGESTION_CUTOFF,
            limit=MAX_SUGGESTIONS,
        ):
            suggestions.append(found)
    for text in list(dict.fromkeys(suggestions))[:MAX_SUGGESTIONS]:
        changed = query.copy()
        changed["q"] = text
        changed.pop("page", None)
        help_.did_you_mean.append((text, changed.urlencode()))
    by_pk = {problem.pk: problem for problem in problem_types}
    nearest = [info.pk for info in understanding.best_problems(lexicon, limit=MAX_SUGGESTIONS)]
    help_.problem_types = [by_pk[pk] for pk in nearest if pk in by_pk]
    return help_


def attach_found_via(services, understanding: Understanding | None) -> None:
    """Set ``found_via`` on each listed service: the words it was found through."""
    if understanding is None:
        return
    for service in services:
        reason = understanding.reasons.get(getattr(service, "search_problem_id", None))
        if reason:
            service.found_via = reason
        elif getattr(service, "search_name_score", 0):
            service.found_via = _("de naam")
        else:
            service.found_via = _("de beschrijving")
