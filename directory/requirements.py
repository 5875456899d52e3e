"""Who a service is for, who may refer and which languages it speaks, in one query.

The service page lists a service's age groups, referrer types and languages. Each is a small
many-to-many relation; prefetching them costs three queries, so this module reads the three link
tables in one UNION instead and hands the page plain model instances, in each model's own order.
"""

from dataclasses import dataclass, field

from django.db.models import CharField, F, IntegerField, Value

from directory.compiled_sql import CompiledQuery
from directory.models import AgeGroup, Language, ReferrerType, Service

COLUMNS = ("kind", "item_id", "item_name", "item_key", "item_min_age", "item_max_age")


@dataclass(frozen=True)
class Requirements:
    age_groups: list[AgeGroup] = field(default_factory=list)
    referrer_types: list[ReferrerType] = field(default_factory=list)
    languages: list[Language] = field(default_factory=list)


def _links(through, kind: str, target: str, key: str, ages: bool):
    no_age = Value(None, output_field=IntegerField())
    return through.objects.annotate(
        kind=Value(kind, output_field=CharField()),
        item_id=F(f"{target}__id"),
        item_name=F(f"{target}__name"),
        item_key=F(f"{target}__{key}"),
        item_min_age=F(f"{target}__min_age") if ages else no_age,
        item_max_age=F(f"{target}__max_age") if ages else no_age,
    )


def _requirement_rows(service_id: int):
    age_groups = _links(Service.age_groups.through, "age_group", "agegroup", "slug", ages=True)
    referrers = _links(
        Service.referrer_types.through, "referrer_type", "referrertype", "slug", ages=False
    )
    languages = _links(Service.languages.through, "language", "language", "code", ages=False)
    return (
        age_groups.filter(service_id=service_id)
        .values_list(*COLUMNS)
        .union(
            referrers.filter(service_id=service_id).values_list(*COLUMNS),
            languages.filter(service_id=service_id).values_list(*COLUMNS),
            all=True,
        )
        .order_by("kind", "item_min_age", "item_name")
    )


_REQUIREMENT_ROWS = CompiledQuery(_requirement_rows)


def requirements_of(service_id: int) -> Requirements:
    """The age groups, referrer types and languages of one service (one query, whose SQL the
    process builds once: directory.compiled_sql)."""
    query, values = requirements_read(service_id)
    return requirements_from(query.rows(*values))


def requirements_read(service_id: int) -> tuple:
    """The query and values that requirements_of() reads, for
    directory.compiled_sql.read_together."""
    return _REQUIREMENT_ROWS, (service_id,)


def requirements_from(rows) -> Requirements:
    found = Requirements()
    for kind, pk, name, key, min_age, max_age in rows:
        if kind == "age_group":
            found.age_groups.append(
                AgeGroup(id=pk, name=name, slug=key, min_age=min_age, max_age=max_age)
            )
        elif kind == "referrer_type":
            found.referrer_types.append(ReferrerType(id=pk, name=name, slug=key))
        else:
            found.languages.append(Language(id=pk, name=name, code=key))
    return found
