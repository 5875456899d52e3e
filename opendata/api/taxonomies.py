"""/taxonomies, /taxonomies/{id}, /taxonomy_terms and /taxonomy_terms/{id}."""

from django.db.models import Q
from django.utils.translation import gettext as _

from directory.models import ProblemType
from opendata import hsds
from opendata.api import params
from opendata.api.filters import taxonomy_matches
from opendata.api.http import ApiError
from opendata.api.paging import ndjson, ndjson_records, paged


class _One(list):
    """A list that pages like a queryset (count())."""

    def count(self):
        return len(self)


def taxonomy_list(request):
    output = params.output_format(request)
    query = params.search(request).lower()
    taxonomy = hsds.taxonomy()
    found = not query or query in f"{taxonomy['name']} {taxonomy['description']}".lower()
    rows = _One([taxonomy] if found else [])
    if output == "ndjson":
        return ndjson_records(rows)
    return paged(request, rows, list)


def taxonomy_detail(request, taxonomy_id):
    if taxonomy_id != hsds.TAXONOMY and params.uuid_value(taxonomy_id, "id", 404) != (
        hsds.TAXONOMY_ID
    ):
        raise ApiError(_("Deze taxonomie bestaat niet."), status=404)
    return hsds.taxonomy()


def taxonomy_term_list(request):
    output = params.output_format(request)
    terms = ProblemType.objects.select_related("parent")
    query = params.search(request)
    if query:
        terms = terms.filter(
            Q(name__icontains=query) | Q(description__icontains=query) | Q(slug__icontains=query)
        )
    if taxonomy_matches(request) is False:
        terms = terms.none()
    if params.boolean(request, "top_only"):
        terms = terms.filter(parent__isnull=True)
    parent_id = params.optional_uuid(request, "parent_id")
    if parent_id:
        terms = terms.filter(parent__uuid=parent_id)
    terms = terms.order_by("name", "uuid")

    def serialize(rows):
        return [hsds.taxonomy_term(problem) for problem in rows]

    if output == "ndjson":
        return ndjson(terms, serialize)
    return paged(request, terms, serialize)


def taxonomy_term_detail(request, term_id):
    problem = (
        ProblemType.objects.select_related("parent")
        .filter(uuid=params.uuid_value(term_id, "id", status=404))
        .first()
    )
    if problem is None:
        raise ApiError(_("Deze taxonomieterm bestaat niet."), status=404)
    return hsds.taxonomy_term(problem)
