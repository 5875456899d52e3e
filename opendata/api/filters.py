"""Service filters shared by /services and /service_at_locations."""

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from directory.distance import place_for, within_km
from directory.models import City, Location, ProblemType, Service
from opendata.api import params
from opendata.api.http import ApiError
from opendata.hsds import TAXONOMY, TAXONOMY_ID


def taxonomy_matches(request) -> bool | None:
    """None without taxonomy_id; else whether it names our one taxonomy (by id or name)."""
    raw = request.GET.get("taxonomy_id", "").strip()
    if not raw:
        return None
    if raw == TAXONOMY:
        return True
    return params.uuid_value(raw, "taxonomy_id") == TAXONOMY_ID


def filter_services(request, services):
    """taxonomy_term_id, taxonomy_id, organization_id, postcode and proximity, combined;
    ``services`` itself when the request names none of them."""
    term_id = params.optional_uuid(request, "taxonomy_term_id")
    if term_id:
        problem = ProblemType.objects.filter(uuid=term_id).first()
        services = services.for_problem(problem) if problem else services.none()
    in_taxonomy = taxonomy_matches(request)
    if in_taxonomy is False:
        services = services.none()
    elif in_taxonomy:
        services = services.filter(problem_types__isnull=False).distinct()
    organization_id = params.optional_uuid(request, "organization_id")
    if organization_id:
        services = services.filter(organization__uuid=organization_id)
    return near_postcode(request, services)


def near_postcode(request, services):
    postcode = params.postcode(request)
    metres = params.proximity(request, has_postcode=bool(postcode))
    if not postcode:
        return services
    if metres is not None:
        place = place_for(postcode)
        if place is None:
            raise ApiError(
                _("Van postcode %(code)s kennen we het midden niet; proximity kan niet.")
                % {"code": postcode},
                parameter="postcode",
            )
        near = Location.objects.filter(
            within_km(place, metres / 1000),
            service_locations__service=OuterRef("pk"),
            latitude__isnull=False,
            longitude__isnull=False,
        )
        return services.filter(Exists(near))
    return services.filter(covers_postcode(postcode))


def covers_postcode(postcode: str) -> Q:
    """The service has a place with this postcode, or its service area holds the city (or a
    neighbourhood named like the postcode's area) where places have this postcode."""
    cities = City.objects.filter(locations__postcode=postcode)
    place = place_for(postcode)
    whole_city = Service.serves_cities.through.objects.filter(
        service=OuterRef("pk"), city__in=cities
    )
    areas = Q(Exists(whole_city)) | Q(service_locations__location__postcode=postcode)
    if place is not None:
        part = Service.serves_neighbourhoods.through.objects.filter(
            service=OuterRef("pk"), neighbourhood__name__iexact=place.name
        )
        areas |= Q(Exists(part))
    return Q(pk__in=Service.objects.filter(areas).values("pk"))
