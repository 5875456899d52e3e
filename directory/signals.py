"""Keep the stored search columns of services in step with their text, problem types, cities,
neighbourhoods, languages and translations."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from directory.models import (
    City,
    Language,
    Neighbourhood,
    ProblemType,
    ProblemTypeTranslation,
    Service,
    ServiceTranslation,
)
from directory.search.index import refresh_search_fields_soon


@receiver(post_save, sender=Service, dispatch_uid="service_search_on_save")
def service_saved(sender, instance, **kwargs):
    refresh_search_fields_soon([instance.pk])


# The links a service is found by: its problem types, cities, neighbourhoods and languages.
SEARCHED_LINKS = (
    Service.problem_types.through,
    Service.serves_cities.through,
    Service.serves_neighbourhoods.through,
    Service.languages.through,
)


def links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        refresh_search_fields_soon([instance.pk])
    elif action == "post_clear":
        refresh_search_fields_soon(getattr(instance, "_search_service_ids", []))
    else:
        refresh_search_fields_soon(pk_set)


def remember_services_before_clear(sender, instance, action, reverse, **kwargs):
    """problem.services.clear() (or a city's, a neighbourhood's) names no services after it."""
    if action == "pre_clear" and reverse:
        instance._search_service_ids = list(instance.services.values_list("pk", flat=True))


for through in SEARCHED_LINKS:
    m2m_changed.connect(
        links_changed, sender=through, dispatch_uid=f"search_on_m2m_{through._meta.label}"
    )
    m2m_changed.connect(
        remember_services_before_clear,
        sender=through,
        dispatch_uid=f"search_pre_clear_{through._meta.label}",
    )


@receiver(post_save, sender=ProblemType, dispatch_uid="problem_type_search_on_save")
def problem_type_saved(sender, instance, created, **kwargs):
    if not created:
        refresh_search_fields_soon(instance.services.values_list("pk", flat=True))


@receiver(pre_delete, sender=ProblemType, dispatch_uid="problem_type_search_pre_delete")
@receiver(pre_delete, sender=Neighbourhood, dispatch_uid="neighbourhood_search_pre_delete")
@receiver(pre_delete, sender=City, dispatch_uid="city_search_pre_delete")
@receiver(pre_delete, sender=Language, dispatch_uid="language_search_pre_delete")
def remember_services_before_delete(sender, instance, **kwargs):
    """Deleting the row deletes its links without m2m_changed: refresh their services after."""
    instance._search_service_ids = list(instance.services.values_list("pk", flat=True))


@receiver(post_delete, sender=ProblemType, dispatch_uid="problem_type_search_on_delete")
@receiver(post_delete, sender=Neighbourhood, dispatch_uid="neighbourhood_search_on_delete")
@receiver(post_delete, sender=City, dispatch_uid="city_search_on_delete")
@receiver(post_delete, sender=Language, dispatch_uid="language_search_on_delete")
def linked_row_deleted(sender, instance, **kwargs):
    refresh_search_fields_soon(getattr(instance, "_search_service_ids", []))


@receiver(pre_save, sender=Neighbourhood, dispatch_uid="neighbourhood_search_pre_save")
def remember_city_before_save(sender, instance, **kwargs):
    stored = Neighbourhood.objects.filter(pk=instance.pk).values_list("city_id", flat=True)
    instance._search_city_id = stored.first() if instance.pk else None


@receiver(post_save, sender=Neighbourhood, dispatch_uid="neighbourhood_search_on_save")
def neighbourhood_saved(sender, instance, created, **kwargs):
    """A neighbourhood put in another city changes the cities its services serve."""
    if not created and getattr(instance, "_search_city_id", None) != instance.city_id:
        refresh_search_fields_soon(instance.services.values_list("pk", flat=True))


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
