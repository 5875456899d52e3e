"""Property-based fuzzing of the whole public site: whatever arrives, the answer is never a server
error and never reflects markup unescaped.

Nothing here lists the site's forms or parameters by hand, so new ones are fuzzed too:
- every URL pattern of the site (the admin excepted) is found from the URL resolver; patterns
  with a converter get real values (demo rows) and hostile path segments;
- every form is found by reading the HTML of the pages (GET and POST, file fields included),
  then sent with hostile values in every field and extra fields (the test client skips the CSRF
  check, so every POST reaches its view);
- every page gets hostile query parameters, named after the fields of every form found and
  the list filters.

`make test` runs a representative sample (about 1,000 requests, in four runs of 250 that
pytest-xdist can spread over its workers), stopping at the first failure so that Hypothesis
shrinks it; `make test-all` (marker ``slow``) and ``bench/fuzz`` send more than 10,000, count
every server error, and print the figure (requests sent, 5xx).
"""

import os
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from directory.models import Neighbourhood, ProblemType, Service

MARKER = "<x-fuzz>"
FILTER_PARAMETERS = [
    "q", "probleem", "stad", "wijk", "soort", "gratis", "zonder_doorverwijzing", "tolk",
    "huisbezoek", "leeftijd", "taal", "page", "per_page", "kies", "next", "nieuw", "search",
    "taxonomy_term_id",
]  # fmt: skip
KNOWN_VALUES = [
    "gent", "aalst", "eenzaamheid", "psychisch-welzijn", "gent-ledeberg", "ja", "on", "1", "0",
    "nl", "ar", "caw_onthaal", "34", "-1", "99999", "1e9", "NaN", "omhoog:1", "verwijder:1",
    "x", "/", "//evil.example", "https://evil.example/", "²", "١٢", "omhoog:²", "+32", "0",
    "+32 (0)53 73 23 46", "#zzzzzz", "#000000",
]  # fmt: skip
HOSTILE_SEGMENTS = [
    "\x00", "%00", "a\x00b", "²", "..", "x" * 300, "é", "ﷺ", "<x-fuzz>", "0", "-1",
    "99999999999999999999", "' OR 1=1 --", "%2F", "\ud7ff", "caw-onthaal-aalst",
]  # fmt: skip

hostile_text = st.one_of(
    st.text(max_size=300),
    st.sampled_from(KNOWN_VALUES),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=50).map(lambda t: MARKER + t),
    st.just("\x00"),
    st.just("' OR 1=1 --"),
    st.just("%00%ff%fe"),
    st.text(min_size=2000, max_size=12000, alphabet="ab \x00é"),
)
hostile_file = st.one_of(
    st.binary(max_size=2000),
    st.just(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100),
    st.just(b"<svg onload=alert(1)>"),
)


class _Forms(HTMLParser):
    """The forms of a page: (method, action, fields, file fields)."""

    def __init__(self):
        super().__init__()
        self.forms, self._current = [], None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self._current = {
                "method": (attributes.get("method") or "get").lower(),
                "action": attributes.get("action") or "",
                "fields": {},
                "files": set(),
            }
            self.forms.append(self._current)
        elif tag in ("input", "select", "textarea", "button") and attributes.get("name"):
            form = self._current
            if form is None and attributes.get("form"):
                form = self.forms[-1] if self.forms else None
            if form is None:
                return
            if attributes.get("type") == "file":
                form["files"].add(attributes["name"])
            else:
                form["fields"].setdefault(attributes["name"], attributes.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def _url_patterns(resolver=None, prefix=""):
    """(route, has a converter) for every URL pattern outside the admin."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(settings.ADMIN_URL_PREFIX):
            continue
        if isinstance(entry, URLResolver):
            yield from _url_patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route


def _fill(route, value):
    return "/" + re.sub(r"<(?:\w+:)?\w+>", lambda _match: value, route)


class Site:
    """What the fuzz found on the demo site: pages, forms and parameter names."""

    def __init__(self, client):
        service = Service.objects.published().order_by("pk").first()
        real_values = [
            service.slug,
            str(service.uuid),
            ProblemType.objects.order_by("pk").first().slug,
            Neighbourhood.objects.order_by("pk").first().slug,
            "1",
        ]
        self.routes = [route.replace("^", "").replace("$", "") for route in _url_patterns()]
        self.converter_routes = [route for route in self.routes if "<" in route]
        self.pages = [_fill(route, "") for route in self.routes if "<" not in route]
        for route in self.converter_routes:
            self.pages += [_fill(route, value) for value in real_values]
        self.real_values = real_values
        # A card with a service on it shows the card's forms.
        client.post(reverse("referrals:add_service"), {"service": str(service.pk)})
        self.forms = []
        for page in self.pages:
            response = client.get(page)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            parser = _Forms()
            parser.feed(response.content.decode(errors="replace"))
            for form in parser.forms:
                action = urlsplit(urljoin(page, form["action"] or page)).path
                self.forms.append((form["method"], action, form["fields"], form["files"]))
        self.parameters = sorted(
            set(FILTER_PARAMETERS).union(*(fields for _m, _a, fields, _f in self.forms))
        )


def check(response):
    assert response.status_code < 500, response.status_code
    body = response.content.decode(errors="replace")
    assert MARKER not in body, "markup reflected unescaped"


@pytest.fixture(scope="module")
def crawled_site(demo_snapshot, django_db_blocker):
    """The crawl, once for the module: over the demo restored in a transaction rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo_snapshot.restore()
        found = Site(Client())
        transaction.set_rollback(True)
    return found


@pytest.fixture
def site(demo_data, crawled_site):
    return crawled_site


def test_the_fuzz_finds_the_forms_and_converters_of_the_site(site):
    """Guards the fuzz itself: if the crawl stopped finding forms, the fuzz would test little."""
    actions = {action for _method, action, _fields, _files in site.forms}
    assert {"/doorverwijskaart/toevoegen/", "/doorverwijskaart/huisstijl/"} <= actions
    assert any("/melding/" in action for action in actions)
    assert any(method == "post" for method, *_rest in site.forms)
    assert any(files for *_rest, files in site.forms)
    assert {"diensten/<slug:slug>/", "doorverwijskaart/sjabloon/<str:token>/"} <= set(
        site.converter_routes
    )
    assert {"q", "next", "actie", "phone"} <= set(site.parameters)


def _requests(site):
    parameters = st.dictionaries(
        st.one_of(st.sampled_from(site.parameters), st.text(max_size=20)), hostile_text, max_size=8
    )
    page = st.builds(lambda path, params: ("get", path, params, {}), st.sampled_from(site.pages),
                     parameters)  # fmt: skip
    segment = st.one_of(st.sampled_from(HOSTILE_SEGMENTS + site.real_values), hostile_text)
    path_segment = st.builds(
        lambda route, value, params: ("get", _fill(route, value), params, {}),
        st.sampled_from(site.converter_routes),
        segment,
        parameters,
    )

    @st.composite
    def form(draw):
        method, action, fields, files = draw(st.sampled_from(site.forms))
        data = {
            name: draw(st.one_of(st.just(value), hostile_text)) for name, value in fields.items()
        }
        data.update(draw(parameters))  # extra fields
        uploads = {
            name: SimpleUploadedFile(_upload_name(draw(st.text(max_size=30))), draw(hostile_file))
            for name in files
            if draw(st.booleans())
        }
        return method, action, data, uploads

    return st.one_of(page, path_segment, form())


def _upload_name(drawn: str) -> str:
    """A drawn file name the test client can send: Django's upload objects refuse one without a
    last path part ("", "/", "a/..") before any request is made; the server sees such names
    only as what a browser sends, which its parser reduces to the last part."""
    return drawn if os.path.basename(drawn) not in {"", ".", ".."} else "x"


def _send(client, method, path, data, uploads):
    try:
        if method == "post":
            return client.post(path, {**data, **uploads})
        return client.get(path, data)
    finally:
        for upload in uploads.values():
            upload.close()


@dataclass
class Tally:
    """The requests a fuzz run sent and those that ended in a server error (5xx)."""

    requests: int = 0
    server_errors: list = field(default_factory=list)

    def send(self, client, request):
        """The response to ``request``; a server error (a 5xx or an exception the test client
        raises) is counted and the request kept, and None is returned for it."""
        self.requests += 1
        try:
            response = _send(client, *request)
        except Exception as error:  # the test client re-raises a view's exception
            self.server_errors.append((request[:3], repr(error)))
            return None
        if response.status_code >= 500:
            self.server_errors.append((request[:3], response.status_code))
            return None
        return response

    def __str__(self):
        return f"fuzz: {self.requests} requests, {len(self.server_errors)} server errors (5xx)"


def _generated_requests(site, examples):
    """Makes a test function of one ``request`` run for ``examples`` generated requests."""

    def decorate(function):
        settings = hypothesis_settings(
            max_examples=examples,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        return settings(given(request=_requests(site))(function))

    return decorate


def fuzz(site, examples):
    """Stops at the first failure (Hypothesis then shrinks it to a minimal request)."""
    client = Client()

    @_generated_requests(site, examples)
    def run(request):
        check(_send(client, *request))

    run()


def survey(site, examples) -> Tally:
    """Sends every example, counting the server errors instead of stopping at the first (the
    benchmark's figure); a reflected marker still stops it."""
    client, tally = Client(), Tally()

    @_generated_requests(site, examples)
    def run(request):
        response = tally.send(client, request)
        if response is not None:
            check(response)

    run()
    return tally


@pytest.mark.django_db
@pytest.mark.parametrize("part", range(4))
def test_a_thousand_generated_requests_never_fail(site, part):
    """In four runs of 250, so that pytest-xdist can spread them over its workers."""
    fuzz(site, examples=250)


@pytest.mark.slow
@pytest.mark.django_db
def test_ten_thousand_generated_requests_never_fail(site, capsys):
    tally = survey(site, examples=10_500)

    with capsys.disabled():
        print(f"\n{tally}")
    assert tally.requests >= 10_000
    assert tally.server_errors == [], tally.server_errors[:5]
