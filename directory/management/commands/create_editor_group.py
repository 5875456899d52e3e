from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand

EDITOR_GROUP = "Redactie"


def directory_permissions():
    """Add, change, delete and view on every model of the directory app, nothing else."""
    return Permission.objects.filter(content_type__app_label="directory").filter(
        codename__in=[
            f"{action}_{model._meta.model_name}"
            for model in apps.get_app_config("directory").get_models()
            for action in ("add", "change", "delete", "view")
        ]
    )


class Command(BaseCommand):
    help = f'Create or update the staff group "{EDITOR_GROUP}" that may edit the directory only.'

    def handle(self, *args, **options):
        group, created = Group.objects.get_or_create(name=EDITOR_GROUP)
        permissions = list(directory_permissions())
        group.permissions.set(permissions)
        verb = "Created" if created else "Updated"
        self.stdout.write(f'{verb} group "{EDITOR_GROUP}" with {len(permissions)} permissions.')
