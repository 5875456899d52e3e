"""Choices shaped for staff: problem types grouped under their parent."""

from django.utils.translation import gettext as _


def problem_type_tree(queryset) -> list:
    """Grouped choices for a checkbox list: each top-level problem type heads a group holding
    itself ("in het algemeen") and everything below it, deeper levels marked with a dash.
    Problem types without a parent and without children are gathered under "Andere"."""
    rows = list(queryset.order_by("position", "name").values_list("pk", "name", "parent_id"))
    children: dict[int | None, list] = {}
    for pk, name, parent_id in rows:
        children.setdefault(parent_id, []).append((pk, name))

    def below(parent_pk, depth):
        for pk, name in children.get(parent_pk, []):
            yield (pk, f"{'– ' * depth}{name}")
            yield from below(pk, depth + 1)

    groups, loose = [], []
    for pk, name in children.get(None, []):
        if pk in children:
            general = _("%(name)s, in het algemeen") % {"name": name}
            groups.append((name, [(pk, general), *below(pk, 0)]))
        else:
            loose.append((pk, name))
    if loose:
        groups.append((_("Andere"), loose))
    return groups
