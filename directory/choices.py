"""The small tables residents choose from on the list and the home page: cities,
neighbourhoods, problem types and languages, loaded once and shared between requests."""

from functools import cached_property

from django.db.models import BigIntegerField, CharField, F, Value
from django.db.models.functions import Cast
from django.utils.translation import get_language

from directory.models import City, Language, Neighbourhood, ProblemType
from directory.translations import LocalizedText
from pagecache.shared import shared_while_unchanged

# Beyond this many neighbourhoods (a region, not two cities), the list shows one city's only.
MAX_NEIGHBOURHOODS_LISTED = 60


class DirectoryChoices:
    """The small tables residents choose from, each loaded at most once per request, and shared
    between requests by ``current()``."""

    @classmethod
    def current(cls) -> "DirectoryChoices":
        """This process's choices in the active language, shared by its requests until the
        directory's data change (see pagecache.shared). Loading them anew (346 neighbourhoods at
        10,000 services) took 15 ms, a fifth of the list page."""
        return shared_while_unchanged(("directory-choices", get_language()), cls)

    def __deepcopy__(self, memo):
        """Form fields deep-copy their choices, and with them this object; share the loaded
        tables instead of loading them again."""
        return self

    @cached_property
    def problem_types(self) -> list[ProblemType]:
        """In the active language (see ProblemType.localized)."""
        return list(ProblemType.objects.translated())

    @cached_property
    def filter_form_classes(self) -> dict:
        """The filter forms' classes made from these choices, by filter set (see
        directory.filters.ServiceFilter.get_form_class)."""
        return {}

    @cached_property
    def rendered_filter_choices(self) -> dict:
        """The filter form's choices as HTML, by chosen values (see ServiceFilter.shown_choices)."""
        return {}

    @cached_property
    def rendered_widgets(self) -> dict:
        """The filter form's widgets as HTML, by name, value and attributes (see RenderedOnce)."""
        return {}

    @cached_property
    def cities(self) -> list[City]:
        return self._tables["city"]

    @cached_property
    def neighbourhoods(self) -> list[Neighbourhood]:
        """By city, then by name; each with its city."""
        return self._tables["neighbourhood"]

    @cached_property
    def languages(self) -> list[Language]:
        return self._tables["language"]

    @cached_property
    def _tables(self) -> dict[str, list]:
        """Cities, languages and neighbourhoods, each by name, in one query: a page that loads
        the choices (the first after a change, in each process) stays within its query
        budget."""
        no_city = Cast(Value(None), BigIntegerField())
        no_kind = Value("", output_field=CharField())
        columns = ("table", "pk", "name", "key", "place_city", "place_kind")
        cities = City.objects.annotate(
            table=Value("city"), key=F("slug"), place_city=no_city, place_kind=no_kind
        )
        languages = Language.objects.annotate(
            table=Value("language"), key=F("code"), place_city=no_city, place_kind=no_kind
        )
        places = Neighbourhood._base_manager.annotate(
            table=Value("neighbourhood"), key=F("slug"), place_city=F("city"), place_kind=F("kind")
        )
        rows = (
            cities.order_by()
            .values_list(*columns)
            .union(
                languages.order_by().values_list(*columns),
                places.order_by().values_list(*columns),
                all=True,
            )
            .order_by("table", "name")
        )
        found = {"city": [], "language": [], "neighbourhood": []}
        for table, pk, name, key, city_id, kind in rows:
            if table == "city":
                row = _loaded(City, rows.db, id=pk, name=name, slug=key)
            elif table == "language":
                row = _loaded(Language, rows.db, id=pk, name=name, code=key)
            else:
                row = _loaded(
                    Neighbourhood, rows.db, id=pk, city_id=city_id, name=name, slug=key, kind=kind
                )
            found[table].append(row)
        cities = {city.pk: (number, city) for number, city in enumerate(found["city"])}
        for place in found["neighbourhood"]:
            Neighbourhood.city.field.set_cached_value(place, cities[place.city_id][1])
        # By city as the cities were read, keeping the database's order of names within each.
        found["neighbourhood"].sort(key=lambda place: cities[place.city_id][0])
        return found

    def city(self, slug: str) -> City | None:
        return next((city for city in self.cities if city.slug == slug), None)

    def problem_type(self, slug: str) -> ProblemType | None:
        return next((problem for problem in self.problem_types if problem.slug == slug), None)

    def neighbourhood(self, slug: str) -> Neighbourhood | None:
        return next((place for place in self.neighbourhoods if place.slug == slug), None)

    def language(self, code: str) -> Language | None:
        return next((language for language in self.languages if language.code == code), None)

    def descendant_ids(self, problem: ProblemType) -> set[int]:
        """The problem type and all types below it, from the list already loaded."""
        found, todo = set(), [problem.pk]
        while todo:
            pk = todo.pop()
            if pk not in found:
                found.add(pk)
                todo.extend(p.pk for p in self.problem_types if p.parent_id == pk)
        return found

    def problem_type_choices(self) -> list[tuple[str, str]]:
        """Top-level types, each followed by the types below it (indented with a dash)."""
        choices = []

        def add(parent_id, depth):
            for problem in self.problem_types:
                if problem.parent_id == parent_id:
                    name = problem.localized("name")
                    choices.append((problem.slug, LocalizedText("– " * depth + name, name.lang)))
                    add(problem.pk, depth + 1)

        add(None, 0)
        return choices

    def neighbourhood_choices(self) -> list[tuple[str, list[tuple[str, str]]]]:
        return [
            (city.name, [(n.slug, n.name) for n in self.neighbourhoods if n.city_id == city.pk])
            for city in self.cities
            if any(n.city_id == city.pk for n in self.neighbourhoods)
        ]

    def neighbourhood_choices_shown(self, city_slug: str, selected_slug: str) -> list:
        """What the neighbourhood list shows: every neighbourhood, grouped by city, while that
        list stays short; past that, the chosen city's (or the chosen neighbourhood's city's)
        only. A list of hundreds of options is unusable on a phone and slow to render."""
        if len(self.neighbourhoods) <= MAX_NEIGHBOURHOODS_LISTED:
            return self.neighbourhood_choices()
        selected = self.neighbourhood(selected_slug)
        city = self.city(city_slug) or (selected.city if selected else None)
        return [
            (place.slug, place.name)
            for place in self.neighbourhoods
            if (city and place.city_id == city.pk) or place == selected
        ]


def _loaded(model, db: str, **values):
    """A ``model`` object as the ORM loads it from a row with these field values."""
    names = [field.attname for field in model._meta.concrete_fields]
    return model.from_db(db, names, [values[name] for name in names])
