"""Settings for the test suite: real PostgreSQL, fast hashing, throwaway media."""

import os
import tempfile

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/wegwijs")

from config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="wegwijs-test-media-")
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# Static files come from the finders in tests; nothing is collected.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Tests see freshly rendered pages; tests/pagecache/ turns the page cache on where it is tested.
PAGE_CACHE_SECONDS = 0
INSIGHTS_FLUSH_SECONDS = 0  # tests see each count in the database at once
