from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand
from django.db import transaction

from directory.models import City
from staff.models import EditorScope

CENTRAL_GROUP = "Beheer"
CITY_GROUP = "Redactie {city}"
POLICY_GROUP = "Beleid {city}"
# What a city's editors edit (within their city); the rest of the directory they only read,
# except organisations, which they may add and change when assigned to them.
CITY_MODELS = {
    "service",
    "servicetranslation",
    "location",
    "contactchannel",
    "openinghours",
    "serviceatlocation",
}
ACTIONS = ("add", "change", "delete", "view")
# The central group edits these apps whole; city editors read the woordenboek, which no city owns.
CENTRAL_APPS = ["directory", "glossary"]


def directory_permissions(app_labels=("directory",)):
    """Add, change, delete and view on every model of these apps, nothing else."""
    return Permission.objects.filter(content_type__app_label__in=app_labels).filter(
        codename__in=[
            f"{action}_{model._meta.model_name}"
            for app_label in app_labels
            for model in apps.get_app_config(app_label).get_models()
            for action in ACTIONS
        ]
    )


def glossary_read_permissions():
    return Permission.objects.filter(
        content_type__app_label="glossary", codename__startswith="view_"
    )


def signals_permissions():
    """Signalen: the dashboard and CSV of what residents look for (limited to the group's
    cities by its werkgebied)."""
    return Permission.objects.filter(content_type__app_label="insights", codename="view_signals")


def directory_read_permissions():
    return Permission.objects.filter(
        content_type__app_label="directory", codename__startswith="view_"
    )


def feedback_permissions():
    """Residents' reports: read them and set them handled; never add or delete them."""
    return Permission.objects.filter(
        content_type__app_label="feedback", codename__in=["view_feedback", "change_feedback"]
    )


def city_editor_permissions():
    codenames = []
    for model in apps.get_app_config("directory").get_models():
        name = model._meta.model_name
        if name in CITY_MODELS:
            actions = ACTIONS
        elif name == "organization":
            actions = ("add", "change", "view")
        else:
            actions = ("view",)
        codenames += [f"{action}_{name}" for action in actions]
    return directory_permissions().filter(codename__in=codenames)


class Command(BaseCommand):
    help = (
        f'Create or update the staff groups: "{CENTRAL_GROUP}" edits the whole directory, '
        f'"{CITY_GROUP.format(city="<stad>")}" (one per city) only what belongs to that city; '
        f'"{POLICY_GROUP.format(city="<stad>")}" (policy officers) reads the directory and sees '
        "the Signalen of that city. None may manage users or groups."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        feedback = list(feedback_permissions())
        signals = list(signals_permissions())
        central = [*directory_permissions(CENTRAL_APPS), *feedback, *signals]
        self.set_up(CENTRAL_GROUP, central, everything=True)
        for city in City.objects.all():
            permissions = [*city_editor_permissions(), *glossary_read_permissions(), *feedback]
            self.set_up(CITY_GROUP.format(city=city.name), permissions, city=city)
            reading = [*directory_read_permissions(), *signals]
            self.set_up(POLICY_GROUP.format(city=city.name), reading, city=city)

    def set_up(self, name, permissions, *, everything=False, city=None):
        group, created = Group.objects.get_or_create(name=name)
        permissions = list(permissions)
        group.permissions.set(permissions)
        scope, _ = EditorScope.objects.update_or_create(
            group=group, defaults={"everything": everything}
        )
        if city is not None:
            scope.cities.add(city)
        verb = "Created" if created else "Updated"
        self.stdout.write(f'{verb} group "{name}" with {len(permissions)} permissions.')
