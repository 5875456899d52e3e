"""/service_at_locations and /service_at_locations/{id}.

Wegwijs' ServiceAtLocation rows have no UUID of their own: their HSDS id is derived from the
service's and the location's (hsds.service.service_at_location_id); the detail finds a row
through the ids kept in opendata.models.PlaceId.
"""

from django.db.models import Count, Exists, OuterRef, Q, Window
from django.utils.translation import gettext as _

from directory.compiled_sql import CompiledQuery
from directory.distance import place_for, within_km
from directory.key_arrays import one_of
from directory.models import Location, Service, ServiceAtLocation
from directory.search import RESULT_CAP
from opendata import hsds
from opendata.api import params
from opendata.api.filters import filter_services
from opendata.api.http import ApiError
from opendata.api.paging import keys_first, ndjson, paged
from opendata.hsds.service import service_at_location_id
from opendata.models import PlaceId

LIST_LOCATION_FIELDS = (
    "id",
    "location_type",
    "organization_id",
    "name",
    "transportation",
    "latitude",
    "longitude",
)


# The links of every published service: a join, so that PostgreSQL reads the first pages in the
# services' name order from their index (as a subquery it joined and sorted every link first:
# 480 ms a page at 100,000 services).
PUBLISHED = Q(service__is_published=True)
PLACE_ORDER = ("service__name", "service__uuid", "location__name", "pk")


def links_queryset(which: Q):
    return ServiceAtLocation.objects.filter(which).select_related(
        "location__city",
        "location__organization",
        "service__organization",
        "service__open_data_change",
        "service__open_data_original",
    )


# What harvesters page through: the places of every published service. Its query is built once,
# as /services' is (building it was a third of a page's Python time).
EVERY_PLACE = CompiledQuery(lambda: links_queryset(PUBLISHED).order_by(*PLACE_ORDER))


def item(link, service_record: dict, full: bool) -> dict:
    place = hsds.location(link.location)
    if not full:
        place = {key: value for key, value in place.items() if key in LIST_LOCATION_FIELDS}
    return hsds.compact(
        {
            "id": service_at_location_id(link.service, link.location),
            "service_id": str(link.service.uuid),
            "location_id": str(link.location.uuid),
            "description": link.note,
            "location": place,
            "service": service_record,
        }
    )


def without_links(record: dict) -> dict:
    """A service nested in a service_at_location does not nest its places again."""
    record.pop("service_at_locations", None)
    return record


def serializer(full: bool):
    def serialize(links):
        services = list({link.service_id: link.service for link in links}.values())
        if full:
            hsds.load_services(services)
            records = {s.pk: without_links(hsds.service(s)) for s in services}
            for service in services:  # the locations with their schedules
                by_place = {x.location_id: x.location for x in service.hsds_locations}
                for link in links:
                    if link.service_id == service.pk and link.location_id in by_place:
                        link.location = by_place[link.location_id]
        else:
            hsds.load_channels(services)
            records = {s.pk: hsds.basic(s) for s in services}
        return [item(link, records[link.service_id], full) for link in links]

    return serialize


def service_at_location_list(request):
    output = params.output_format(request)
    full = params.boolean(request, "full")
    published = Service.objects.published()
    services = filter_services(request, published)
    since = params.modified_after(request)
    if since is not None:
        services = services.filter(open_data_change__modified__gte=since)
    query = params.search(request)
    if query:
        # The places of the best RESULT_CAP matches, the services /services gives (sliced too:
        # SQLite's search has no limit); their ids as an array read once (paging.one_of).
        best = services.search(query, limit=RESULT_CAP)[:RESULT_CAP]
        links = links_queryset(one_of(ServiceAtLocation, "service_id", best))
        links = links.annotate(search_result_count=Window(Count("pk")))
    elif services is published:
        links = links_queryset(PUBLISHED)
    else:
        links = links_queryset(Q(service__in=services.values("pk")))
    metres = params.proximity(request, has_postcode=bool(params.postcode(request)))
    if metres is not None:  # the links whose own place is near, not any place of the service
        place = place_for(params.postcode(request))
        near = Location.objects.filter(
            within_km(place, metres / 1000), pk=OuterRef("location_id"), latitude__isnull=False
        )
        links = links.filter(Exists(near))
    links = links.order_by(*PLACE_ORDER)
    if output == "ndjson":
        return ndjson(links, serializer(full))
    if query:
        return paged(request, links, serializer(full))
    shallow = EVERY_PLACE.rows_between if services is published and metres is None else None
    return paged(request, links, serializer(full), keys_first(links, "id", shallow))


def service_at_location_detail(request, link_id):
    wanted = params.uuid_value(link_id, "id", status=404)
    link = PlaceId.objects.find(wanted, links_queryset(PUBLISHED))
    if link is None:
        raise ApiError(_("Deze dienst op locatie bestaat niet of is niet gepubliceerd."), 404)
    return serializer(full=True)([link])[0]
