"""The directory's data model, named after Open Referral HSDS 3.0 where it fits.

HSDS mapping: Organization -> organization, Service -> service (with cost_option, eligibility and
service_area folded in), Location + ServiceAtLocation -> location / service_at_location,
ContactChannel -> phone/contact, OpeningHours -> schedule, ProblemType -> taxonomy_term,
Language -> language. The translations of services and problem types live in
directory.translations.
"""

from directory.models.base import (
    SlugNaturalKeyManager,
    SlugNaturalKeyMixin,
    hsds_id_field,
    months_before,
)
from directory.models.contact import ContactChannel
from directory.models.hours import Closure, OpeningHours
from directory.models.organizations import Organization
from directory.models.places import City, Location, Neighbourhood, ServiceAtLocation
from directory.models.service_queries import ServiceQuerySet
from directory.models.services import Service
from directory.models.taxonomy import (
    AgeGroup,
    Language,
    LanguageMatch,
    ProblemType,
    ReferrerType,
    language_name,
)
from directory.models.vocabulary import SearchTerm
from directory.translations import ProblemTypeTranslation, ServiceTranslation

__all__ = [
    "AgeGroup",
    "City",
    "Closure",
    "ContactChannel",
    "Language",
    "LanguageMatch",
    "Location",
    "Neighbourhood",
    "OpeningHours",
    "Organization",
    "ProblemType",
    "ProblemTypeTranslation",
    "ReferrerType",
    "SearchTerm",
    "Service",
    "ServiceAtLocation",
    "ServiceQuerySet",
    "ServiceTranslation",
    "SlugNaturalKeyManager",
    "SlugNaturalKeyMixin",
    "hsds_id_field",
    "language_name",
    "months_before",
]
