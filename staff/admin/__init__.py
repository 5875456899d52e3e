"""The admin of the directory for city staff, assembled here so that the directory (the domain)
knows nothing of staff scopes and history: directory models are registered with scope mixins in
staff.admin.directory."""

from staff.admin import (  # noqa: F401 - registers the ModelAdmins
    directory,
    editor_scope,
    services,
    signals,
    vocabulary,
)
from staff.admin.scoping import ScopedAdminMixin, ScopedInlineMixin

__all__ = ["ScopedAdminMixin", "ScopedInlineMixin"]
