"""What a resident's query means: the problem types it is about, the words to look for in the
services' texts, the corrections of typos, and whether it is a crisis.

Works in Python on the vocabulary (directory.search.vocabulary), so both databases get the same
understanding: words that carry no meaning are left out, words are compared by their Dutch stem,
a word that is a longer or shorter form of a vocabulary word matches it (kind/kinderen),
compounds are split into vocabulary words (zelfmoord+gedachten, gok+verslaving), and a word
that is in no vocabulary is corrected to the nearest vocabulary word (zelmoord -> zelfmoord).
"""

from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import OSA

from directory.search.text import STOPWORDS, stem, words
from directory.search.vocabulary import MIN_TYPO_LENGTH, Lexicon, current_lexicon

MAX_WORDS = 20
# A vocabulary word counts as another form of a query word when one starts with the other and
# they differ by at most this many letters (kind/kinderen, aanval/aanvallen).
MAX_FORM_DIFFERENCE = 2
MIN_PART_LENGTH = 3
# From this length a word may be two letters off the vocabulary word it is corrected to, and
# one letter off one is taken over splitting it into parts.
LONG_WORD_LENGTH = 8
CHILD_SHARE = 0.8
# A query about a narrower problem (angst) also finds the help for the broader one it is part of
# (psychisch-welzijn), at a lower share: specific help first, general help when there is none.
PARENT_SHARE = 0.5


@dataclass
class Understanding:
    query: str
    words: list[str] = field(default_factory=list)
    # problem type id -> how much of the query it explains
    problems: dict[int, float] = field(default_factory=dict)
    # problem type id -> the vocabulary phrase it was found through
    reasons: dict[int, str] = field(default_factory=dict)
    corrections: dict[str, str] = field(default_factory=dict)
    # words in no vocabulary, neither as written nor corrected
    unknown_words: list[str] = field(default_factory=list)
    is_crisis: bool = False
    lexicon: Lexicon | None = field(default=None, repr=False, compare=False)

    @property
    def search_words(self) -> list[str]:
        """The words to look for in the services' own texts: the typed words, corrected."""
        return [self.corrections.get(word, word) for word in self.words]

    @property
    def corrected_query(self) -> str:
        """The query with its typos corrected, for "Bedoelde je …?"; "" when nothing was."""
        if not self.corrections:
            return ""
        return " ".join(self.search_words)

    def best_problems(self, lexicon: Lexicon | None = None, limit: int = 3):
        """The problem types that fit best, as ProblemInfo."""
        lexicon = lexicon or self.lexicon or current_lexicon()
        ranked = sorted(self.problems.items(), key=lambda item: -item[1])
        return [lexicon.problems[pk] for pk, _score in ranked[:limit] if pk in lexicon.problems]


def understand(query: str, lexicon: Lexicon | None = None) -> Understanding:
    lexicon = lexicon or current_lexicon()
    meaningful = [word for word in words(query) if word not in STOPWORDS]
    understanding = Understanding(query=query, words=meaningful[:MAX_WORDS], lexicon=lexicon)
    query_stems: dict[str, str] = {}  # vocabulary stem -> the query word it stands for
    # A query of stopwords only ("I want to die") can still be a vocabulary phrase as a whole,
    # but its words are not looked for in the services' texts.
    phrase_words = understanding.words or words(query)[:MAX_WORDS]
    for word in phrase_words:
        found_stems = _vocabulary_stems(word, lexicon, understanding)
        if not found_stems and word in understanding.words:
            understanding.unknown_words.append(word)
        for found in found_stems:
            query_stems.setdefault(found, word)
    _match_phrases(query_stems, lexicon, understanding)
    return understanding


def _vocabulary_stems(word: str, lexicon: Lexicon, understanding: Understanding) -> list[str]:
    """The vocabulary stems this query word stands for (none when it is in no vocabulary)."""
    word_stem = stem(word)
    if word_stem in lexicon.by_stem:
        return [word_stem]
    forms = _other_forms(word_stem, lexicon)
    if forms:
        return forms
    max_distance = 1 if len(word) < LONG_WORD_LENGTH else 2
    nearest = _nearest_vocabulary_word(word, lexicon, max_distance)
    # One letter off a long vocabulary word outweighs a split into short parts (deurwarder is
    # deurwaarder, not deur + "in de war"); a word further off is corrected only when it is no
    # compound either.
    if nearest and (len(word) >= LONG_WORD_LENGTH and nearest[1] <= 1):
        return _corrected(word, nearest[0], lexicon, understanding)
    parts = _compound_parts(word, lexicon)
    if parts:
        return parts
    if nearest:
        return _corrected(word, nearest[0], lexicon, understanding)
    return _compound_with_misspelt_head(word, lexicon)


def _nearest_vocabulary_word(word: str, lexicon: Lexicon, max_distance: int):
    """The vocabulary word nearest to ``word`` and how many letters it is off, when that is at
    most ``max_distance``; None for short or non-alphabetic words and when none is that near."""
    if len(word) < MIN_TYPO_LENGTH or not word.isalpha():
        return None
    found = process.extractOne(
        word, lexicon.typo_choices, scorer=OSA.distance, score_cutoff=max_distance
    )
    return (found[0], found[1]) if found else None


def _corrected(word: str, vocabulary_word: str, lexicon: Lexicon, understanding) -> list[str]:
    understanding.corrections[word] = vocabulary_word
    return [lexicon.words[vocabulary_word]]


def _other_forms(word_stem: str, lexicon: Lexicon) -> list[str]:
    if len(word_stem) < 4:
        return []
    return [
        known
        for known in lexicon.stems
        if len(known) >= 4
        and abs(len(known) - len(word_stem)) <= MAX_FORM_DIFFERENCE
        and (known.startswith(word_stem) or word_stem.startswith(known))
    ]


def _compound_parts(word: str, lexicon: Lexicon) -> list[str]:
    """A compound of two vocabulary words, the longest first part first (gokverslaving ->
    gok, verslaving); a linking s or e between them is allowed."""
    for split in range(len(word) - MIN_PART_LENGTH, MIN_PART_LENGTH - 1, -1):
        head, tail = word[:split], word[split:]
        head_stem = lexicon.words.get(head) or (stem(head) if stem(head) in lexicon.by_stem else "")
        if not head_stem:
            continue
        tail_stems = _tail_stems(tail, lexicon)
        if tail_stems:
            return [head_stem, *tail_stems]
        if len(head) >= 5 and len(head) * 2 >= len(word):
            return [head_stem]  # zelfmoordneigingen: at least the first part
    return []


def _compound_with_misspelt_head(word: str, lexicon: Lexicon) -> list[str]:
    """A compound whose second part is a vocabulary word as it is and whose first part is one
    letter off one (alkoholverslaving -> alcohol, verslaving). The second part is looked up
    first, by its stem only: the typo search runs only for first parts of a real compound."""
    for split in range(len(word) - MIN_PART_LENGTH, MIN_TYPO_LENGTH - 1, -1):
        tail_stems = _tail_stems(word[split:], lexicon, other_forms=False)
        if tail_stems:
            nearest = _nearest_vocabulary_word(word[:split], lexicon, max_distance=1)
            if nearest:
                return [lexicon.words[nearest[0]], *tail_stems]
    return []


def _tail_stems(tail: str, lexicon: Lexicon, other_forms: bool = True) -> list[str]:
    """The stems of a compound's second part (after a linking s or e, if any); with
    ``other_forms``, also a longer or shorter form of a vocabulary word."""
    for rest in (tail, tail[1:] if tail[:1] in "se" else None):
        if rest and len(rest) >= MIN_PART_LENGTH:
            found = [stem(rest)] if stem(rest) in lexicon.by_stem else []
            if not found and other_forms:
                found = _other_forms(stem(rest), lexicon)
            if found:
                return found
    return []


def _match_phrases(query_stems: dict[str, str], lexicon: Lexicon, understanding) -> None:
    """A vocabulary phrase matches when all its words are in the query. A problem type scores
    the number of query words its phrases explain; the types below it share in that."""
    covered: dict[int, set[str]] = {}
    longest: dict[int, int] = {}
    candidates = {id(e): e for s in query_stems for e in lexicon.by_stem.get(s, [])}
    for entry in candidates.values():
        if not entry.stems <= query_stems.keys():
            continue
        covered.setdefault(entry.problem_id, set()).update(query_stems[s] for s in entry.stems)
        if len(entry.stems) > longest.get(entry.problem_id, 0):
            longest[entry.problem_id] = len(entry.stems)
            understanding.reasons[entry.problem_id] = entry.phrase
        understanding.is_crisis |= entry.is_crisis
    scores = {pk: len(words) + 0.1 * longest[pk] for pk, words in covered.items()}
    matched = dict(scores)
    for pk, score in matched.items():
        for child in lexicon.descendants(pk) - {pk}:
            if scores.get(child, 0) < score * CHILD_SHARE:
                scores[child] = score * CHILD_SHARE
                understanding.reasons.setdefault(child, understanding.reasons[pk])
    for pk, score in matched.items():
        parent = lexicon.problems[pk].parent_id if pk in lexicon.problems else None
        if parent in lexicon.problems and scores.get(parent, 0) < score * PARENT_SHARE:
            scores[parent] = score * PARENT_SHARE
            understanding.reasons.setdefault(parent, understanding.reasons[pk])
    understanding.problems = scores
