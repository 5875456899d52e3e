"""Forget every cached page when directory or glossary data changes.

Any save or delete of a model of the watched apps (services, problem types, locations, hours,
closures, contact channels, glossary terms, their history rows...) and any change to their
many-to-many relations replaces the page cache's generation. Translations stored in these apps
are covered by the same receivers; a new app whose data shows on public pages must be added to
``WATCHED_APPS``.

The generation is replaced at once, so the next request in the same transaction (and a test)
sees the change, and again after the commit: a request that read the old rows while the
transaction was open may have cached them under the first new generation.
``migrate`` also replaces it, so a deploy never serves pages rendered by the old templates.
Writes that skip signals (``bulk_create``, ``QuerySet.update``, raw SQL) show once the page
expires, after ``PAGE_CACHE_SECONDS`` at the most, or at once after ``update_search_index``.
"""

from django.apps import apps
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from pagecache.pages import forget_all_pages

WATCHED_APPS = ["directory", "glossary"]


def _forget_now_and_after_commit(using):
    forget_all_pages()
    transaction.on_commit(forget_all_pages, using=using, robust=True)


def row_written(sender, using=None, **kwargs):
    _forget_now_and_after_commit(using)


def relation_changed(sender, action, using=None, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"}:
        _forget_now_and_after_commit(using)


def migrated(sender, **kwargs):
    forget_all_pages()


def connect() -> None:
    """Connects the receivers to each model of the watched apps (auto-created many-to-many
    tables included), not to every model: other models keep Django's fast deletes."""
    for label in WATCHED_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            uid = f"pagecache:{model._meta.label}"
            post_save.connect(row_written, sender=model, dispatch_uid=uid)
            post_delete.connect(row_written, sender=model, dispatch_uid=uid)
            m2m_changed.connect(relation_changed, sender=model, dispatch_uid=uid)
    # Sent once per app with models; a deploy's migrate forgets the old templates' pages.
    post_migrate.connect(
        migrated, sender=apps.get_app_config("directory"), dispatch_uid="pagecache:migrate"
    )
