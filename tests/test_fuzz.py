"""Property-based fuzzing of every public URL and query parameter: whatever arrives, the answer
is never a server error and never reflects markup unescaped.

The normal suite runs a fast subset; `pytest -m slow` (part of `make test`) sends more than
10,000 generated requests.
"""

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

LIST_PARAMETERS = [
    "q", "probleem", "stad", "wijk", "soort", "gratis", "zonder_doorverwijzing", "tolk",
    "huisbezoek", "leeftijd", "taal", "page",
]  # fmt: skip
KNOWN_VALUES = [
    "gent", "aalst", "eenzaamheid", "psychisch-welzijn", "gent-ledeberg", "ja", "on", "1", "0",
    "nl", "ar", "caw_onthaal", "34", "-1", "99999", "1e9", "NaN",
]  # fmt: skip
PATHS = ["/", "/diensten/", "/diensten/{}/", "/problemen/{}/", "/wijken/{}/", "/gezond/"]
MARKER = "<x-fuzz>"

hostile_text = st.one_of(
    st.text(max_size=300),
    st.sampled_from(KNOWN_VALUES),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=50).map(lambda t: MARKER + t),
    st.just("\x00"),
    st.just("' OR 1=1 --"),
    st.just("%00%ff%fe"),
    st.text(min_size=2000, max_size=12000, alphabet="ab \x00é"),
)
query = st.dictionaries(
    st.one_of(st.sampled_from(LIST_PARAMETERS), st.text(max_size=20)), hostile_text, max_size=8
)
slug = st.one_of(
    st.sampled_from(["caw-onthaal-aalst", "eenzaamheid", "gent-ledeberg"]),
    st.from_regex(r"[-a-zA-Z0-9_]{1,60}", fullmatch=True),
)


def check(response):
    assert response.status_code < 500, response.status_code
    body = response.content.decode(errors="replace")
    assert MARKER not in body, "markup reflected unescaped"


def request(path_template, slug_value, params):
    path = path_template.format(slug_value) if "{}" in path_template else path_template
    return Client().get(path, params)


@pytest.fixture
def directory(demo_data):
    return demo_data


def fuzz(examples):
    @settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        database=None,
    )
    @given(path=st.sampled_from(PATHS), slug_value=slug, params=query)
    def run(directory, path, slug_value, params):
        check(request(path, slug_value, params))

    return run


@pytest.mark.django_db
def test_public_urls_never_fail_on_generated_input(directory):
    fuzz(examples=150)(directory)


@pytest.mark.slow
@pytest.mark.django_db
def test_ten_thousand_generated_requests_never_fail(directory):
    fuzz(examples=10_500)(directory)
