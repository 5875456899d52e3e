"""Admin search for services: by the words residents use, a phone number, a street, a
neighbourhood or an organisation.

Resident words come from the public search (`Service.objects.search`), so whatever vocabulary
it learns the admin finds too; problem type names are matched as typed as well.

On PostgreSQL every way is a condition that an index answers: the words on the service's own
row (the search indexes; the name through the folded name's trigram index), the organisations,
places and neighbourhoods as the keys they give, read once. So a word few services hold is
found through the indexes, and one that thousands hold is found by walking the list's order
until its page is full; testing each of 100,000 services against every way took 0.3–0.9 s.
"""

import re

from django.db import connections
from django.db.models import Exists, OuterRef, Q, Value
from django.db.models.functions import Replace

from directory.models import (
    ContactChannel,
    Location,
    Neighbourhood,
    Organization,
    ProblemType,
    Service,
    ServiceAtLocation,
)
from directory.search import match_condition
from directory.search.text import fold

_NOT_DIGITS = re.compile(r"\D")
MIN_PHONE_DIGITS = 6


def phone_digits(term: str) -> str:
    """'+32 (0)53 73 23 46' → '053732346'; '' when the term is not a phone number."""
    if re.search(r"[^\d\s+./()\-]", term):
        return ""
    digits = _NOT_DIGITS.sub("", term.replace("(0)", ""))
    if term.strip().startswith("+32"):
        digits = "0" + digits[2:]
    elif digits.startswith("0032"):
        digits = "0" + digits[4:]
    return digits if len(digits) >= MIN_PHONE_DIGITS else ""


def _by_phone(digits: str) -> Q:
    channels = ContactChannel.objects.annotate(
        digits=Replace("value", Value(" "), Value(""))
    ).filter(kind__in=ContactChannel.PHONE_KINDS, digits__contains=digits)
    return Q(pk__in=channels.values("service_id"))


# Keys read in the first query up to this many: more, and the condition reads them itself.
KEY_CAP = 1000


def _places(term: str) -> tuple:
    """The links of services to places whose address, name, postcode or neighbourhood holds
    the term, and to neighbourhoods they serve that the term names. The neighbourhoods (a few
    dozen) are read first, as a list of ids: then each way to a place is one that an index
    answers (migration 0028), and PostgreSQL knows how many places they give. Testing the
    50,000 places of 100,000 services one by one took 24 ms of every staff search."""
    neighbourhoods = list(
        Neighbourhood.objects.filter(name__icontains=term).values_list("pk", flat=True)
    )
    locations = Location.objects.filter(
        Q(address__icontains=term)
        | Q(name__icontains=term)
        | Q(postcode=term)
        | Q(neighbourhood__in=neighbourhoods)
    ).values("pk")
    at_places = ServiceAtLocation.objects.filter(location__in=locations)
    in_parts = Service.serves_neighbourhoods.through.objects.filter(
        neighbourhood__in=neighbourhoods
    )
    return at_places, in_parts


def _keys(term: str, at_places, in_parts) -> dict[str, list[int]]:
    """Up to KEY_CAP + 1 of each, in one query on PostgreSQL: the problem types and
    organisations that the term names, and the services linked to the places it names."""
    problem_types = ProblemType.objects.filter(
        Q(name__icontains=term) | Q(resident_phrase__icontains=term) | Q(synonyms__icontains=term)
    )
    return read_keys(
        {
            "problem": (problem_types, "pk"),
            "organization": (Organization.objects.filter(name__icontains=term), "pk"),
            "at_place": (at_places, "service_id"),
            "in_part": (in_parts, "service_id"),
        }
    )


def read_keys(ways: dict) -> dict[str, list[int]]:
    """Per way (name -> (rows, their key column)): up to KEY_CAP + 1 keys, all ways in one
    query on PostgreSQL (a query each on SQLite, which cannot slice the parts of a union)."""
    parts = [
        rows.order_by().annotate(way=Value(way)).values_list("way", key)[: KEY_CAP + 1]
        for way, (rows, key) in ways.items()
    ]
    if not parts:
        return {}
    if connections[parts[0].db].features.supports_slicing_ordering_in_compound:
        rows = parts[0].union(*parts[1:], all=True)
    else:
        rows = [row for part in parts for row in part]
    keys: dict[str, list[int]] = {way: [] for way in ways}
    for way, key in rows:
        keys[way].append(key)
    return keys


def one_of_keys(field: str, keys: list[int], otherwise: Q) -> Q:
    """``field`` is one of ``keys`` (found through an index); when they reached KEY_CAP, the
    condition ``otherwise``, tested on the rows the list walks (they are many)."""
    return Q(**{f"{field}__in": keys}) if len(keys) <= KEY_CAP else otherwise


def name_holds(term: str, vendor: str) -> Q:
    """A service's name holds ``term``, whatever its accents and capitals: on PostgreSQL its
    folded name (``search_text``), read through its trigram index."""
    if vendor == "postgresql":
        return Q(search_text__contains=fold(term))
    return Q(name__icontains=term)


def _by_words_and_places(term: str, vendor: str) -> Q:
    at_places, in_parts = _places(term)
    keys = _keys(term, at_places, in_parts)
    if vendor == "postgresql":
        by_problems = Q(search_problem_ids__overlap=keys["problem"])
    else:
        links = Service.problem_types.through.objects.filter(problemtype__in=keys["problem"])
        by_problems = Q(pk__in=links.values("service_id"))
    return (
        name_holds(term, vendor)
        | by_problems
        | one_of_keys(
            "organization_id", keys["organization"], Q(organization__name__icontains=term)
        )
        | one_of_keys("pk", keys["at_place"], Q(Exists(at_places.filter(service=OuterRef("pk")))))
        | one_of_keys("pk", keys["in_part"], Q(Exists(in_parts.filter(service=OuterRef("pk")))))
        | match_condition(Service.objects.all(), term)
    )


def search_services(queryset, term: str):
    """Services in `queryset` that match `term` in any of the ways staff look things up."""
    term = term.strip()
    if not term:
        return queryset
    digits = phone_digits(term)
    if digits:
        return queryset.filter(_by_phone(digits))
    vendor = connections[queryset.db].vendor
    return queryset.filter(_by_words_and_places(term, vendor))
