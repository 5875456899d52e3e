"""/service_at_locations and /service_at_locations/{id}.

Wegwijs' ServiceAtLocation rows have no UUID of their own: their HSDS id is derived from the
service's and the location's (hsds.service.service_at_location_id), so the detail finds a row
by computing the ids of the published links (fast enough, and the answer is cached).
"""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from directory.distance import distance_km, place_for
from directory.models import Location, Service, ServiceAtLocation
from opendata import hsds
from opendata.api import params
from opendata.api.filters import filter_services
from opendata.api.http import ApiError
from opendata.api.paging import ndjson, paged
from opendata.hsds.service import service_at_location_id

LIST_LOCATION_FIELDS = (
    "id",
    "location_type",
    "organization_id",
    "name",
    "transportation",
    "latitude",
    "longitude",
)


def links_queryset(services):
    return ServiceAtLocation.objects.filter(service__in=services.values("pk")).select_related(
        "location__city",
        "location__organization",
        "service__organization",
        "service__open_data_change",
        "service__open_data_original",
    )


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
    services = filter_services(request, Service.objects.published())
    query = params.search(request)
    if query:
        services = Service.objects.filter(pk__in=services.search(query).values("pk"))
    since = params.modified_after(request)
    if since is not None:
        services = services.filter(open_data_change__modified__gte=since)
    links = links_queryset(services)
    metres = params.proximity(request, has_postcode=bool(params.postcode(request)))
    if metres is not None:  # the links whose own place is near, not any place of the service
        place = place_for(params.postcode(request))
        near = Location.objects.filter(pk=OuterRef("location_id"), latitude__isnull=False)
        near = near.alias(km=distance_km(place)).filter(km__lte=metres / 1000)
        links = links.filter(Exists(near))
    links = links.order_by("service__name", "service__uuid", "location__name", "pk")
    if output == "ndjson":
        return ndjson(links, serializer(full))
    return paged(request, links, serializer(full))


def service_at_location_detail(request, link_id):
    wanted = str(params.uuid_value(link_id, "id", status=404))
    published = ServiceAtLocation.objects.filter(service__is_published=True)
    for pk, service_uuid, location_uuid in published.values_list(
        "pk", "service__uuid", "location__uuid"
    ).iterator():
        if hsds.child_id(service_uuid, "service_at_location", location_uuid) == wanted:
            link = links_queryset(Service.objects.published()).get(pk=pk)
            return serializer(full=True)([link])[0]
    raise ApiError(_("Deze dienst op locatie bestaat niet of is niet gepubliceerd."), 404)
