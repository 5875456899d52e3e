"""The vocabulary search understands: every problem type's name, residents' phrase and search
words, in every language, and the residents' words of ``SearchTerm``, read once per process
while the data stay the same (pagecache.shared)."""

from dataclasses import dataclass, field

from directory.search.text import content_words, stem
from pagecache.shared import shared_while_unchanged

# Typos are only corrected in words this long; shorter words have too many neighbours.
MIN_TYPO_LENGTH = 5


@dataclass(frozen=True)
class Entry:
    problem_id: int
    phrase: str
    stems: frozenset
    is_crisis: bool


@dataclass
class Lexicon:
    entries: list[Entry] = field(default_factory=list)
    by_stem: dict[str, list[Entry]] = field(default_factory=dict)
    # Folded vocabulary words (typo correction and compound splitting), with their stems.
    words: dict[str, str] = field(default_factory=dict)
    problems: dict[int, "ProblemInfo"] = field(default_factory=dict)
    typo_choices: list[str] = field(default_factory=list)

    def add(self, problem_id: int, phrase: str, is_crisis: bool = False) -> None:
        found = content_words(phrase)
        if not found:
            return
        entry = Entry(problem_id, phrase.strip(), frozenset(stem(w) for w in found), is_crisis)
        self.entries.append(entry)
        for stem_ in entry.stems:
            self.by_stem.setdefault(stem_, []).append(entry)
        for word in found:
            self.words.setdefault(word, stem(word))

    @property
    def stems(self):
        return self.by_stem.keys()

    def descendants(self, problem_id: int) -> set[int]:
        found, todo = set(), [problem_id]
        while todo:
            pk = todo.pop()
            if pk not in found:
                found.add(pk)
                todo.extend(self.problems[pk].children if pk in self.problems else [])
        return found


@dataclass
class ProblemInfo:
    pk: int
    slug: str
    name: str
    parent_id: int | None
    children: list[int] = field(default_factory=list)


def build_lexicon() -> Lexicon:
    """In one query: the problem types' own words, their translations' and the search terms."""
    from django.db.models import BooleanField, CharField, IntegerField, TextField, Value

    from directory.models import ProblemType, ProblemTypeTranslation, SearchTerm

    empty, no = Value("", output_field=CharField()), Value(False, output_field=BooleanField())
    none = Value(None, output_field=IntegerField())
    text = Value("", output_field=TextField())
    fields = ("problem", "slug", "parent", "name", "phrase", "synonyms", "crisis")
    own = ProblemType.objects.values_list(
        "pk", "slug", "parent_id", "name", "resident_phrase", "synonyms", no
    ).order_by()
    translated = ProblemTypeTranslation.objects.values_list(
        "problem_type_id", empty, none, "name", "resident_phrase", "synonyms", no
    ).order_by()
    terms = SearchTerm.objects.values_list(
        "problem_type_id", empty, none, "phrase", empty, text, "is_crisis"
    ).order_by()
    lexicon = Lexicon()
    rows = [dict(zip(fields, row, strict=True)) for row in own.union(translated, terms, all=True)]
    for row in rows:
        if row["slug"]:
            lexicon.problems[row["problem"]] = ProblemInfo(
                row["problem"], row["slug"], row["name"], row["parent"]
            )
    for info in lexicon.problems.values():
        if info.parent_id in lexicon.problems:
            lexicon.problems[info.parent_id].children.append(info.pk)
    for row in rows:
        synonyms = [line for line in (row["synonyms"] or "").splitlines() if line.strip()]
        for phrase in [row["name"], row["phrase"], *synonyms]:
            if phrase:
                lexicon.add(row["problem"], phrase, bool(row["crisis"]))
    lexicon.typo_choices = [w for w in lexicon.words if len(w) >= MIN_TYPO_LENGTH - 1]
    return lexicon


def current_lexicon() -> Lexicon:
    return shared_while_unchanged("search-lexicon", build_lexicon)
