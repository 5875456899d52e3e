from django.core.management.base import BaseCommand

from feedback.models import KEEP_EMAIL_DAYS, Feedback


class Command(BaseCommand):
    help = (
        f"Erase the e-mail address of feedback handled more than {KEEP_EMAIL_DAYS} days ago. "
        "Run it daily (cron)."
    )

    def handle(self, *args, **options):
        count = Feedback.objects.email_expired().update(email="")
        self.stdout.write(f"Erased the e-mail address of {count} handled report(s).")
