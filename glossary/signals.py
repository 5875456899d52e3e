from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from glossary.linking import forget_terms
from glossary.models import GlossaryTerm


@receiver([post_save, post_delete], sender=GlossaryTerm, dispatch_uid="glossary_forget_terms")
def forget_cached_terms(**kwargs):
    forget_terms()
