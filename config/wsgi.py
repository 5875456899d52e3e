import os

from django.core.wsgi import get_wsgi_application

from config.long_lived import freeze_when_warm

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Web requests never wait on one SQL statement longer than this (config/settings.py).
os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT", "10")

application = get_wsgi_application()
freeze_when_warm()
