"""Keep the stored search columns of services in step with their text, problem types and
translations."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from directory.models import ProblemType, ProblemTypeTranslation, Service, ServiceTranslation
from directory.search.index import refresh_search_fields_soon


@receiver(post_save, sender=Service, dispatch_uid="service_search_on_save")
def service_saved(sender, instance, **kwargs):
    refresh_search_fields_soon([instance.pk])


@receiver(m2m_changed, sender=Service.problem_types.through, dispatch_uid="service_search_on_m2m")
def problem_types_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        refresh_search_fields_soon([instance.pk])
    elif action == "post_clear":
        refresh_search_fields_soon(getattr(instance, "_search_service_ids", []))
    else:
        refresh_search_fields_soon(pk_set)


@receiver(
    m2m_changed, sender=Service.problem_types.through, dispatch_uid="service_search_pre_clear"
)
def remember_services_before_clear(sender, instance, action, reverse, **kwargs):
    if action == "pre_clear" and reverse:
        instance._search_service_ids = list(instance.services.values_list("pk", flat=True))


@receiver(post_save, sender=ProblemType, dispatch_uid="problem_type_search_on_save")
def problem_type_saved(sender, instance, created, **kwargs):
    if not created:
        refresh_search_fields_soon(instance.services.values_list("pk", flat=True))


@receiver(pre_delete, sender=ProblemType, dispatch_uid="problem_type_search_pre_delete")
def remember_services_before_delete(sender, instance, **kwargs):
    instance._search_service_ids = list(instance.services.values_list("pk", flat=True))


@receiver(post_delete, sender=ProblemType, dispatch_uid="problem_type_search_on_delete")
def problem_type_deleted(sender, instance, **kwargs):
    refresh_search_fields_soon(getattr(instance, "_search_service_ids", []))


@receiver(post_save, sender=ServiceTranslation, dispatch_uid="service_translation_search_on_save")
@receiver(
    post_delete, sender=ServiceTranslation, dispatch_uid="service_translation_search_on_delete"
)
def service_translation_changed(sender, instance, **kwargs):
    refresh_search_fields_soon([instance.service_id])


@receiver(post_save, sender=ProblemTypeTranslation, dispatch_uid="problem_translation_on_save")
@receiver(post_delete, sender=ProblemTypeTranslation, dispatch_uid="problem_translation_on_delete")
def problem_type_translation_changed(sender, instance, **kwargs):
    services = Service.objects.filter(problem_types=instance.problem_type_id)
    refresh_search_fields_soon(services.values_list("pk", flat=True))
