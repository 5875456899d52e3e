"""The service listings' query logic: ``Service.objects.published().active().for_problem(p)``."""

import datetime

from django.contrib.postgres.fields import ArrayField
from django.db import connections, models
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.utils import timezone

from directory import opening
from directory.distance import distance_km, within_km
from directory.models.base import months_before
from directory.models.grouped import read_by_groups, reads_by_groups
from directory.models.hours import Closure, OpeningHours
from directory.models.page_queries import ServicePageQueries
from directory.models.places import City, Location, Neighbourhood, ServiceAtLocation
from directory.models.taxonomy import Language, ProblemType
from directory.translations import (
    TranslatedQuerySetMixin,
)

# reachable_in()'s services that speak the asked language come first.
SPEAKERS = models.F("speaks_language").desc()
# The list's tick boxes: a ticked one keeps only the services meeting its condition. Each has a
# bit in the stored filter keys, whose trigger (migration 0018) tests the same conditions:
# change them together.
TICK_BOXES = {
    "gratis": (Q(cost="gratis"), 1),
    "zonder_doorverwijzing": (Q(referral_required=False), 2),
    "tolk": (Q(interpreter_available=True), 4),
    "huisbezoek": (Q(home_visits=True), 8),
}
# A key is city id x KEYS_PER_CITY + the ticked boxes' bits (city 0: in any city).
KEYS_PER_CITY = 16


class FilterKey(models.Func):
    """The stored filter key (``search_filter_keys``) of a city (an expression; 0 for any
    city) and a sum of tick box bits, as a one-element array."""

    template = f"ARRAY[(%(expressions)s * {KEYS_PER_CITY} + %(bits)s)]"
    output_field = ArrayField(models.IntegerField())

    def __init__(self, city, bits: int):
        super().__init__(city, bits=int(bits))


def open_to_anyone(service_model) -> models.Expression:
    """Whether a service is open to anyone: free, and no referral needed (ranks ties first).
    Never NULL: with the referral unknown it is False (PostgreSQL sorted NULL first, so that
    "unknown" came before "no referral needed"; SQLite last)."""
    known = Q(referral_required__isnull=False)
    return models.ExpressionWrapper(
        Q(cost=service_model.Cost.FREE, referral_required=False) & known,
        output_field=models.BooleanField(),
    )


class ServiceAreaQueries:
    """Where and in which language services help: cities, neighbourhoods, distance, languages.
    A part of ServiceQuerySet."""

    def speaks(self, language: "Language"):
        return self.filter(self._speaks(language))

    def reachable_in(self, language: "Language"):
        """Services that speak ``language`` or work with interpreters, those that speak it
        first (keeping the order otherwise); Service.language_match tells which is which."""
        reachable = self.annotate(
            speaks_language=models.ExpressionWrapper(
                self._speaks(language), output_field=models.BooleanField()
            ),
            asked_language_code=models.Value(language.code),
            asked_language_name=models.Value(language.name),
        ).filter(Q(speaks_language=True) | Q(interpreter_available=True))
        return reachable.speakers_first()

    def _speaks(self, language: "Language") -> Q:
        """Never NULL (see directory.models.grouped), also for a row not refreshed yet."""
        if self._stores_search_ids():
            stored = Q(search_language_ids__isnull=False)
            return Q(search_language_ids__overlap=[language.pk]) & stored
        links = self.model.languages.through.objects.filter(
            service=OuterRef("pk"), language=language
        )
        return Q(Exists(links))

    def speakers_first(self):
        """After reachable_in(): those that speak the language first, keeping the order
        otherwise (call it again after a search has ordered the services anew)."""
        then_by = [o for o in self.query.order_by or self.model._meta.ordering if o != SPEAKERS]
        return self.order_by(SPEAKERS, *then_by)

    def nearest_to(self, place):
        """Closest first, by the nearest of each service's locations with coordinates, from a
        directory.distance.Place; services without coordinates come last, by name."""
        nearest = (
            Location.objects.filter(
                service_locations__service=OuterRef("pk"),
                latitude__isnull=False,
                longitude__isnull=False,
            )
            .annotate(km=distance_km(place))
            .order_by("km")
            .values("km")[:1]
        )
        return self.annotate(
            distance_km=Subquery(nearest, output_field=models.FloatField())
        ).order_by(models.F("distance_km").asc(nulls_last=True), "name")

    def with_a_place_within(self, place, km: float):
        """Services with a location within ``km`` of a directory.distance.Place: the first of
        nearest_to's order (directory.listing.NearestFirst)."""
        near = within_km(place, km, "location__latitude", "location__longitude")
        return self.filter(pk__in=ServiceAtLocation.objects.filter(near).values("service"))

    def in_city(self, city: City):
        """Services serving the whole city or at least one of its neighbourhoods."""
        if self._stores_search_ids():
            # On its own row: the two link tables, read into hashes for every query, took
            # 16 ms a query at 100,000 services (issue 18).
            return self.filter(search_city_ids__overlap=[city.pk])
        whole_city = self.model.serves_cities.through.objects.filter(
            service=OuterRef("pk"), city=city
        )
        some_part = self.model.serves_neighbourhoods.through.objects.filter(
            service=OuterRef("pk"), neighbourhood__city=city
        )
        return self.filter(Exists(whole_city) | Exists(some_part))

    def meeting(self, tick_boxes, city: City | None = None, *, by_key: bool = True):
        """Services meeting every ticked box (names of TICK_BOXES) and, with a ``city``,
        serving it. On PostgreSQL a service's row holds a key per city it serves (and one for
        any city) and set of boxes it meets, with a GIN index: the index then finds exactly the
        services that fit, where testing the boxes on every service of a city's index cost most
        of a filtered search at 100,000 services (issue 18: 17 ms of 22 for "woning" in Gent,
        free, with an interpreter). ``by_key=False`` tests the boxes on each row instead: for a
        search that walks the sets of problem types (directory.search.candidates), where
        PostgreSQL would read the key's index again for every set (1 ms a set at 100,000)."""
        keyed = self.filter_key_condition(tick_boxes, city) if by_key else None
        if keyed is not None:
            return self.filter(keyed)
        met = self.filter(*(TICK_BOXES[name][0] for name in tick_boxes))
        return met if city is None else met.in_city(city)

    def filter_key_condition(self, tick_boxes, city: City | None = None) -> Q | None:
        """What ``meeting(tick_boxes, city)`` tests, as one condition on the filter keys'
        index; None without a box ticked or stored keys (SQLite)."""
        if not tick_boxes or not self._stores_search_ids():
            return None
        bits = sum(TICK_BOXES[name][1] for name in set(tick_boxes))
        key = FilterKey(models.Value(0 if city is None else city.pk), bits)
        return Q(search_filter_keys__contains=key)

    def in_neighbourhood(self, neighbourhood: Neighbourhood):
        """Services serving this neighbourhood, or its whole city."""
        if self._stores_search_ids():
            return self.filter(
                Q(search_neighbourhood_ids__overlap=[neighbourhood.pk])
                | Q(search_whole_city_ids__overlap=[neighbourhood.city_id])
            )
        serves_it = self.model.serves_neighbourhoods.through.objects.filter(
            service=OuterRef("pk"), neighbourhood=neighbourhood
        )
        whole_city = self.model.serves_cities.through.objects.filter(
            service=OuterRef("pk"), city_id=neighbourhood.city_id
        )
        return self.filter(Exists(serves_it) | Exists(whole_city))

    def by_closeness(self, neighbourhood: Neighbourhood):
        """First the services for this neighbourhood itself, then those open to anyone (free,
        no referral needed), then by name."""
        if self._stores_search_ids():  # never NULL (directory.models.grouped)
            serves_it = Q(search_neighbourhood_ids__overlap=[neighbourhood.pk]) & Q(
                search_neighbourhood_ids__isnull=False
            )
        else:
            serves_it = Exists(
                self.model.serves_neighbourhoods.through.objects.filter(
                    service=OuterRef("pk"), neighbourhood=neighbourhood
                )
            )
        return self.annotate(
            serves_neighbourhood=models.ExpressionWrapper(
                serves_it, output_field=models.BooleanField()
            ),
            open_to_anyone=open_to_anyone(self.model),
        ).order_by("-serves_neighbourhood", "-open_to_anyone", "name")


class ServiceQuerySet(
    ServicePageQueries, ServiceAreaQueries, TranslatedQuerySetMixin, models.QuerySet
):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._open_now_at: datetime.datetime | None = None

    def _clone(self):
        clone = super()._clone()
        clone._open_now_at = self._open_now_at
        return clone

    def _fetch_all(self):
        fetching = self._result_cache is None
        if fetching and reads_by_groups(self):
            self._result_cache = read_by_groups(self._chain_without_open_now())
        super()._fetch_all()
        if fetching and self._open_now_at and self._iterable_class is models.query.ModelIterable:
            from directory.open_now import attach_open_now

            attach_open_now(self._result_cache, self._open_now_at)

    def published(self):
        return self.filter(is_published=True)

    def needs_verification(self, today: datetime.date | None = None):
        """Never verified, or not in the last VERIFY_EVERY_MONTHS months."""
        cutoff = months_before(today or timezone.localdate(), self.model.VERIFY_EVERY_MONTHS)
        return self.filter(Q(last_verified__isnull=True) | Q(last_verified__lt=cutoff))

    def to_complete(self):
        """Drafts staff must still complete before residents see them ("te vervolledigen"):
        active services that are not published, e.g. because the sources only name them."""
        return self.filter(is_published=False, status=self.model.Status.ACTIVE)

    def active(self):
        return self.filter(status=self.model.Status.ACTIVE)

    def for_problem(self, problem: ProblemType, descendant_ids: set[int] | None = None):
        """Services for this problem type or any type below it.

        Pass ``descendant_ids`` when the caller already knows them, to save a query.
        """
        if descendant_ids is None:
            descendant_ids = problem.with_descendant_ids()
        if self._stores_search_ids():
            return self.filter(search_problem_ids__overlap=list(descendant_ids))
        links = self.model.problem_types.through.objects.filter(
            service=OuterRef("pk"), problemtype_id__in=descendant_ids
        )
        return self.filter(Exists(links))

    def _stores_search_ids(self) -> bool:
        """PostgreSQL keeps the ids of each service's problem types, cities and languages in
        its row, with GIN indexes (``search_problem_ids``, ``search_city_ids``,
        ``search_language_ids``, filled with the search columns: directory.search.index)."""
        return connections[self.db].vendor == "postgresql"

    def for_age(self, age: int):
        """Services for someone of this age: no age groups set means all ages are welcome."""
        through = self.model.age_groups.through
        any_group = through.objects.filter(service=OuterRef("pk"))
        fitting_group = any_group.filter(agegroup__min_age__lte=age).filter(
            Q(agegroup__max_age__isnull=True) | Q(agegroup__max_age__gte=age)
        )
        return self.filter(~Exists(any_group) | Exists(fitting_group))

    def _chain_without_open_now(self):
        clone = self._chain()
        clone._open_now_at = None  # set once, on the whole slice
        return clone

    def search(self, query: str, understanding=None, limit: int | None = None):
        """Ranked search in residents' own words; see directory.search for both databases.
        Pass the query's ``understanding`` (directory.search.understand) when the caller has
        it already, and a ``limit`` when only the best that many are shown (filter first)."""
        from directory.search import search_services

        return search_services(self, query, understanding=understanding, limit=limit)

    def by_centrality(self, problem_ids: set[int]):
        """Services for which these problem types are most central first: linked to
        ``problem_ids`` themselves (not only to types below them) and for few other problem
        types; then those open to anyone (free, no referral needed), then by name.
        On PostgreSQL an index holds this order (migration 0015), written with these same
        expressions: change them together."""
        if self._stores_search_ids():
            count = models.Func(
                "search_problem_ids", function="cardinality", output_field=models.IntegerField()
            )
        else:
            through = self.model.problem_types.through
            links = through.objects.filter(service=OuterRef("pk")).order_by().values("service")
            count = Subquery(links.annotate(n=models.Count("pk")).values("n"))
        return self.annotate(
            problem_type_count=count,
            open_to_anyone=open_to_anyone(self.model),
        ).order_by("problem_type_count", "-open_to_anyone", "name")

    def open_at(self, moment, few_open: bool = False):
        """Services open at this moment (any aware datetime; hours are Brussels wall-clock
        times), by their own hours or those of their locations, unless a closure covers it.
        directory.opening applies the same rules in Python.

        Tested service by service, unless ``few_open``: then the open services are read as one
        set first. The same services either way; which is faster depends on how many are
        open (directory.listing.Selection.with_open_now_strategy)."""
        if few_open:
            return self.filter(pk__in=_open_services_at(self.model, moment))
        return self.filter(_open_hours_at(moment))

    def with_open_now(self, moment):
        """Set ``has_opening_hours`` and ``is_open_now`` on the services when they are
        fetched: one query for the whole page (directory.open_now.attach_open_now), with the
        same rules as open_at. Set in Python rather than annotated: building and compiling
        those subqueries cost a list page more than the query they would save."""
        clone = self._chain()
        clone._open_now_at = moment
        return clone


def _hours_of_service(hours) -> Q:
    """For a service (OuterRef "pk"): one of ``hours`` is its own, or belongs to one of its
    locations and to no service in particular. Two EXISTS rather than one with OR, so that
    each can use its index."""
    own = hours.filter(service=OuterRef("pk"))
    its_locations = ServiceAtLocation.objects.filter(service=OuterRef(OuterRef("pk")))
    at_its_locations = hours.filter(
        service__isnull=True, location__in=its_locations.values("location_id")
    )
    return Q(Exists(own)) | Q(Exists(at_its_locations))


def _open_hours_at(moment) -> Q:
    """For a service (OuterRef "pk"): open day and night, or an hours row open at ``moment``,
    and not closed then. Only a closure of the service itself closes a day-and-night service:
    a public holiday does not."""
    local = moment.astimezone(opening.BRUSSELS)
    always = Q(always_open=True) & ~Q(Exists(_own_closure(local.date())))
    open_hours = _rows_open_at(local).filter(_not_closed(local.date(), OuterRef(OuterRef("pk"))))
    return always | _hours_of_service(open_hours)


def _open_services_at(model, moment):
    """The ids of ``model``'s services open at ``moment`` by _open_hours_at's rules, as one
    query: the hours rows open then (index opening_hours_at_idx; the service's own, or those of
    a place it is at that belong to no service in particular), and the few services open day
    and night (service_always_open_idx). On a Sunday, with few services open, a search with
    "Nu open" tested 42,000 services one at a time for them (1.8 s at 100,000 services)."""
    local = moment.astimezone(opening.BRUSSELS)
    day = local.date()
    always = model._base_manager.filter(always_open=True).exclude(Exists(_own_closure(day)))
    always = always.order_by().values("pk")
    open_rows = _rows_open_at(local).order_by()
    own = open_rows.filter(service__isnull=False).filter(_not_closed(day, OuterRef("service")))
    at_places = (
        open_rows.filter(service__isnull=True)
        .annotate(wegwijs_service=F("location__service_locations__service"))
        .filter(_not_closed(day, OuterRef("wegwijs_service")))
    )
    return always.union(own.values("service"), at_places.values("wegwijs_service"), all=True)


def _rows_open_at(local: datetime.datetime):
    """The opening-hours rows open at ``local`` (Brussels time), closures aside."""
    time = local.time().replace(tzinfo=None)
    return OpeningHours.objects.filter(
        weekday=local.isoweekday(), opens_at__lte=time, closes_at__gt=time
    )


def _own_closure(day: datetime.date):
    """Closures on ``day`` of the service (OuterRef "pk") itself, not of one of its places."""
    return Closure.objects.on(day).filter(service=OuterRef("pk"), location__isnull=True)


def _not_closed(day: datetime.date, service) -> Q:
    """For an hours row: no closure on ``day`` of every service or of ``service`` (a
    reference), at every place or at the row's place."""
    closures = Closure.objects.on(day).filter(
        Q(service__isnull=True) | Q(service=service),
        Q(location__isnull=True) | Q(location=OuterRef("location")),
    )
    return ~Exists(closures)
