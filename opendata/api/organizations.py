"""/organizations and /organizations/{id}."""

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from directory.models import Organization, Service
from opendata import hsds
from opendata.api import params
from opendata.api.http import ApiError
from opendata.api.paging import ndjson, paged


def full_organizations(organizations, full_service: bool) -> list[dict]:
    """Each organisation with its published services (basic, or full with `full_service`) and
    a metadata record of its last change. The services of all of them are loaded together: one
    load per organisation made 122 queries for a page of twenty."""
    services = [item for org in organizations for item in org.hsds_services]
    if full_service:
        hsds.load_services(services)
    else:
        hsds.load_channels(services)
    record = hsds.service if full_service else hsds.basic
    return [
        full_organization(org, [record(item) for item in org.hsds_services])
        for org in organizations
    ]


def full_organization(org: Organization, services: list[dict]) -> dict:
    change = getattr(org, "open_data_change", None)
    return hsds.compact(
        {
            **hsds.organization(org),
            "services": services,
            "metadata": [
                {
                    "id": hsds.child_id(org.uuid, "metadata", "last_modified"),
                    "resource_id": str(org.uuid),
                    "resource_type": "organization",
                    "last_action_date": change.modified.date().isoformat(),
                    "last_action_type": "update",
                    "field_name": "",
                    "previous_value": "",
                    "replacement_value": "",
                    "updated_by": "Wegwijs",
                }
            ]
            if change
            else [],
        }
    )


def with_services(organizations):
    services = hsds.service_queryset(Service.objects.published()).order_by("name", "uuid")
    return organizations.select_related("open_data_change").prefetch_related(
        Prefetch("services", services, to_attr="hsds_services")
    )


def serializer(request):
    full_service = params.boolean(request, "full_service")
    if params.boolean(request, "full") or full_service:
        return lambda rows: full_organizations(rows, full_service)
    return lambda rows: [hsds.organization(org) for org in rows]


def organization_list(request):
    output = params.output_format(request)
    serialize = serializer(request)
    organizations = Organization.objects.with_published_services()
    query = params.search(request)
    if query:
        organizations = organizations.filter(
            Q(name__icontains=query) | Q(description__icontains=query)
        )
    if params.boolean(request, "full") or params.boolean(request, "full_service"):
        organizations = with_services(organizations)
    organizations = organizations.order_by("name", "uuid")
    if output == "ndjson":
        return ndjson(organizations, serialize)
    return paged(request, organizations, serialize)


def organization_detail(request, organization_id):
    full_service = params.boolean(request, "full_service")
    found = with_services(Organization.objects.with_published_services()).filter(
        uuid=params.uuid_value(organization_id, "id", status=404)
    )
    org = found.first()
    if org is None:
        raise ApiError(
            _("Deze organisatie bestaat niet of heeft geen gepubliceerde diensten."), 404
        )
    return full_organizations([org], full_service)[0]
