"""How search reads words, the same for a query and for the vocabulary: lower case without
accents, split into words, words that carry no meaning left out, Dutch stems."""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"\w+", re.UNICODE)
_dutch = snowballstemmer.stemmer("dutch")

# Words that carry no meaning in a search, in the five languages. Deliberately short: negations
# and quantities ("niet", "geen", "meer", "nooit") stay, since "niet meer leven" means something.
STOPWORDS = frozenset(
    """
    ik je jij u hij zij ze we wij jullie mij me mijn mn m'n jou jouw zijn haar ons onze hun hen
    de het een den der des t 'n dit dat deze die daar hier er wat wie waar hoe
    en of maar want dus ook nog al toch wel eens even heel erg zo zeer echt
    te van in op aan met voor bij naar uit over om tot tegen onder na als dan
    is ben bent was waren heb hebt heeft hebben had word wordt worden werd kan kunnen kon
    zal zou moet moeten mag mogen gaat ga gaan doet doen
    le la les un une des du de d l j je tu il elle nous vous ils elles mon ma mes ton ta son sa
    et ou mais pour avec dans sur au aux ce cette est suis ai a pas ne
    i me my you he she it we they the a an of to in on for with at by and or is am are was
    have has had do does need want help
    ve ile bir bu şu o ben sen biz siz onlar için de da mi mı çok
    في من على إلى عن مع أنا أنت هو هي هذا هذه
    """.split()
)


# Flemish spoken forms, read as the standard word ("ik wil der nie meer zijn").
DIALECT = {
    "nie": "niet",
    "ni": "niet",
    "der": "er",
    "ge": "je",
    "gij": "jij",
    "da": "dat",
    "wa": "wat",
    "ma": "maar",
    "ne": "een",
    "nen": "een",
    "k": "ik",
    "zijt": "bent",
}


def fold(text: str) -> str:
    """Lower case without accents ("België" -> "belgie"); Arabic letters keep their form, short
    vowel marks are dropped."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The folded words of ``text``, in order ("auto-ongeluk" gives two)."""
    return [DIALECT.get(w, w) for w in _WORD.findall(fold(text).replace("_", " "))]


def content_words(text: str) -> list[str]:
    """The words of ``text`` that carry meaning; all words when every one is a stopword (so that
    a phrase such as "ik wil" still means something as a whole)."""
    found = words(text)
    return [w for w in found if w not in STOPWORDS] or found


@lru_cache(maxsize=20000)
def stem(word: str) -> str:
    """The Dutch stem of a folded word; words in other scripts are kept as they are."""
    if not word.isascii():
        return word
    return _dutch.stemWord(word)
