"""Admin search for services: by the words residents use, a phone number, a street, a
neighbourhood or an organisation.

Resident words come from the public search (`Service.objects.search`), so whatever vocabulary
it learns the admin finds too; problem type names are matched as typed as well.
"""

import re

from django.db.models import Exists, OuterRef, Q, Value
from django.db.models.functions import Replace

from directory.models import ContactChannel, Service, ServiceAtLocation

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
    ).filter(service=OuterRef("pk"), kind__in=ContactChannel.PHONE_KINDS, digits__contains=digits)
    return Q(Exists(channels))


def _by_place(term: str) -> Q:
    places = ServiceAtLocation.objects.filter(service=OuterRef("pk")).filter(
        Q(location__address__icontains=term)
        | Q(location__name__icontains=term)
        | Q(location__postcode=term)
        | Q(location__neighbourhood__name__icontains=term)
    )
    parts = Service.serves_neighbourhoods.through.objects.filter(
        service=OuterRef("pk"), neighbourhood__name__icontains=term
    )
    return Q(Exists(places)) | Q(Exists(parts))


def _by_words(term: str) -> Q:
    problems = Service.problem_types.through.objects.filter(service=OuterRef("pk")).filter(
        Q(problemtype__name__icontains=term)
        | Q(problemtype__resident_phrase__icontains=term)
        | Q(problemtype__synonyms__icontains=term)
    )
    public = Service.objects.search(term).order_by().values("pk")
    return (
        Q(name__icontains=term)
        | Q(summary__icontains=term)
        | Q(organization__name__icontains=term)
        | Q(Exists(problems))
        | Q(pk__in=public)
    )


def search_services(queryset, term: str):
    """Services in `queryset` that match `term` in any of the ways staff look things up."""
    term = term.strip()
    if not term:
        return queryset
    digits = phone_digits(term)
    if digits:
        return queryset.filter(_by_phone(digits))
    return queryset.filter(_by_words(term) | _by_place(term))
