"""/services and /services/{id}."""

from django.db.models import Q
from django.utils.translation import gettext as _

from directory.compiled_sql import CompiledQuery
from directory.models import Service
from directory.search import RESULT_CAP
from opendata import hsds
from opendata.api import params
from opendata.api.filters import filter_services
from opendata.api.http import ApiError
from opendata.api.paging import keys_first, ndjson, paged
from opendata.hsds.service import last_modified as service_last_modified
from opendata.models import RecordChange


def minimal(item: Service) -> dict:
    """`minimal=true`: what a harvester needs to know what to fetch."""
    return hsds.compact(
        {
            "id": str(item.uuid),
            "name": item.name,
            "status": "defunct" if item.is_ended else "active",
            "last_modified": service_last_modified(item),
        }
    )


def serializer(request):
    """How list items look: `minimal`, `full` or (default) the one-to-one fields."""
    if params.boolean(request, "minimal"):
        return lambda rows: [minimal(item) for item in rows]
    if params.boolean(request, "full"):
        return lambda rows: [hsds.service(item) for item in hsds.load_services(rows)]

    def basic(rows):
        hsds.load_channels(rows)
        return [hsds.basic(item) for item in rows]

    return basic


def changes_serializer(serialize_services):
    """Rows of RecordChange: live services as usual, withdrawn ones as hsds.withdrawn()."""

    def serialize(changes):
        live = []
        for change in changes:
            if not change.withdrawn:
                change.service.open_data_change = change
                live.append(change.service)
        by_uuid = {record["id"]: record for record in serialize_services(live)}
        return [
            hsds.withdrawn(change) if change.withdrawn else by_uuid[str(change.uuid)]
            for change in changes
        ]

    return serialize


# What harvesters page through: every published service, without filters, search or date.
# Its query is built once (issue 18: building it was a third of the page's Python time).
EVERY_SERVICE = CompiledQuery(
    lambda: hsds.list_queryset(Service.objects.published().order_by("name", "uuid"))
)


def service_list(request):
    output = params.output_format(request)
    serialize = serializer(request)
    since = params.modified_after(request)
    query = params.search(request)
    published = Service.objects.published()
    services = filter_services(request, published)
    unfiltered, read, cap = services is published, None, None
    if since is not None:
        # Harvesting changes: in the order they happened, with the services that left.
        matching = services.search(query) if query else services
        rows = (
            RecordChange.objects.services()
            .filter(modified__gte=since)
            .filter(Q(withdrawn=True) | Q(service__in=matching.values("pk")))
            .select_related("service__organization", "service__open_data_original")
            .defer(*(f"service__{name}" for name in Service.UNSHOWN_FIELDS))
            .order_by("modified", "uuid")
        )
        serialize = changes_serializer(serialize)
    else:
        if query:
            # The best RESULT_CAP matches, as a resident's list shows: ranking every match of
            # a common word took 100-250 ms at 100,000 services (issue 18).
            services, cap = services.search(query, limit=RESULT_CAP), RESULT_CAP
        else:
            services = services.order_by("name", "uuid")
        full = params.boolean(request, "full")
        rows = hsds.service_queryset(services) if full else hsds.list_queryset(services)
        if unfiltered and not (query or full):
            read = keys_first(rows, "uuid", EVERY_SERVICE.rows_between)
        elif not query:
            read = keys_first(rows, "uuid")
    if output == "ndjson":
        return ndjson(rows, serialize, cap)
    return paged(request, rows, serialize, read, cap)


def service_detail(request, service_id):
    services = hsds.service_queryset(Service.objects.published())
    item = services.filter(uuid=params.uuid_value(service_id, "id", status=404)).first()
    if item is None:
        raise ApiError(_("Deze dienst bestaat niet of is niet gepubliceerd."), status=404)
    hsds.load_services([item])
    return hsds.service(item)
