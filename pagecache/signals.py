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
expires, after ``PAGE_CACHE_SECONDS`` at the most.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.dispatch import receiver

from pagecache.pages import forget_all_pages

WATCHED_APPS = {"directory", "glossary"}


def _watched(sender) -> bool:
    return sender._meta.app_label in WATCHED_APPS


def _forget_now_and_after_commit(using):
    forget_all_pages()
    transaction.on_commit(forget_all_pages, using=using, robust=True)


@receiver([post_save, post_delete], dispatch_uid="pagecache_forget_on_write")
def row_written(sender, using=None, **kwargs):
    if _watched(sender):
        _forget_now_and_after_commit(using)


@receiver(m2m_changed, dispatch_uid="pagecache_forget_on_m2m")
def relation_changed(sender, action, using=None, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"} and _watched(sender):
        _forget_now_and_after_commit(using)


@receiver(post_migrate, dispatch_uid="pagecache_forget_on_migrate")
def migrated(sender, **kwargs):
    if sender.name == "directory":  # sent once per app with models; directory has them
        forget_all_pages()
