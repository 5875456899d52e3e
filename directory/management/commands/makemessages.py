"""makemessages for the resident interface: staff-only code (admin, staff, insights, the HSDS API
and management commands) stays Dutch and out of locale/, as does everything outside the project.

Run ``python manage.py makemessages -l nl -l fr -l en -l ar -l tr`` (or ``make messages``);
tests/i18n/test_catalogues.py runs it into a copy to find strings that are not translated.
"""

from django.core.management.commands import makemessages

STAFF_ONLY = [
    "*/admin.py",
    "*/apps.py",
    "*/management/*",
    "config/urls.py",
    "staff/*",
    "insights/*",
    "opendata/*",
    "templates/admin/*",
    "templates/staff/*",
]
NOT_PROJECT = [".venv/*", "bench/*", "tests/*", "staticfiles/*", "media/*", "node_modules/*"]


class Command(makemessages.Command):
    def handle(self, *args, **options):
        ignored = [*options.get("ignore_patterns", []), *STAFF_ONLY, *NOT_PROJECT]
        options["ignore_patterns"] = ignored
        options["no_obsolete"] = True
        options["add_location"] = options["add_location"] or "file"
        return super().handle(*args, **options)
