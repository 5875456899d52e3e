"""The list page's cheap rendering on a page-cache miss: the filter form's widgets are rendered
once per set of choices and reused, and must still show each visitor's own choices."""

import re
from pathlib import Path

import pytest
from django.core.cache import caches
from django.urls import reverse

from pagecache.shared import forget_shared_values

URL = reverse("directory:service_list")


@pytest.fixture(autouse=True)
def shared_choices(settings):
    """The page cache on (in this process's memory), so that the filter choices, and the
    widgets rendered from them, are shared between requests as in production."""
    settings.PAGE_CACHE_SECONDS = 300
    caches["default"].clear()
    forget_shared_values()
    yield
    caches["default"].clear()
    forget_shared_values()


def selected(response, name):
    select = re.search(rf'<select name="{name}".*?</select>', response.text, re.S).group(0)
    return re.findall(r'<option value="([^"]*)"[^>]*selected', select)


def test_reused_widgets_show_each_requests_own_choices(client, make_service, city, other_city):
    make_service(cities=[city])

    gent = client.get(URL, {"stad": "gent", "gratis": "ja", "q": "een"})
    aalst = client.get(URL, {"stad": "aalst", "q": "twee"})
    gent_again = client.get(URL, {"stad": "gent", "gratis": "ja", "q": "drie"})

    assert selected(gent, "stad") == ["gent"]
    assert selected(aalst, "stad") == ["aalst"]
    assert 'name="gratis" value="ja" id="id_gratis" checked' in gent.text
    assert 'id="id_gratis" checked' not in aalst.text
    assert gent_again.text.count('value="gent" selected') == 1
    assert 'value="drie"' in gent_again.text  # the search box is never reused


def test_the_widgets_are_rendered_once_per_value(client, city, other_city):
    response = client.get(URL, {"stad": "gent", "q": "een"})
    rendered = response.context["filter"].choices.rendered_widgets
    kept = len(rendered)

    client.get(URL, {"stad": "gent", "q": "twee"})
    assert len(rendered) == kept
    client.get(URL, {"stad": "aalst", "q": "drie"})
    assert len(rendered) > kept
    assert not any(key[0] == "q" for key in rendered)


def test_a_wrong_choice_is_still_marked_invalid(client, city):
    client.get(URL, {"stad": "gent"})

    response = client.get(URL, {"stad": "atlantis"})

    assert "We kennen de stad ‘atlantis’ niet." in response.text
    assert re.search(r'<select name="stad"[^>]*aria-invalid="true"', response.text)


def test_a_new_neighbourhood_shows_in_the_list_at_once(client, city, make_neighbourhood):
    client.get(URL, {"stad": "gent"})

    make_neighbourhood(city, "Rabot")

    assert ">Rabot</option>" in client.get(URL, {"stad": "gent"}).text


def test_odd_input_cannot_grow_the_kept_widgets_without_bound(client, city, monkeypatch):
    monkeypatch.setattr("directory.filters.fields.MAX_RENDERED_WIDGETS", 5)

    for number in range(12):
        response = client.get(URL, {"stad": f"nergens-{number}"})
        assert response.status_code == 200

    assert len(response.context["filter"].choices.rendered_widgets) <= 5


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_each_language_has_its_own_widgets(client, city, language):
    client.get(URL)

    response = client.get(f"/{language}{URL}")

    assert "Alle steden" not in response.text


@pytest.mark.parametrize("language", ["nl", "fr", "ar"])
def test_service_links_follow_the_language_and_the_script_prefix(make_service, language):
    """Service paths are reversed once and kept: the kept path must still depend on the
    active language and on where the site is mounted."""
    from django.urls import get_script_prefix, set_script_prefix
    from django.utils import translation

    service = make_service()
    prefix = "" if language == "nl" else f"/{language}"
    expected = f"{prefix}/diensten/{service.slug}/"
    mounted_at = get_script_prefix()
    with translation.override(language):
        assert service.get_absolute_url() == expected
        set_script_prefix("/wegwijs/")
        try:
            assert service.get_absolute_url() == f"/wegwijs{expected}"
        finally:
            set_script_prefix(mounted_at)
        assert service.get_absolute_url() == expected
    with translation.override("nl"):
        assert service.get_absolute_url() == f"/diensten/{service.slug}/"


def test_service_ids_in_forms_are_never_written_as_numbers_of_the_language(
    client, make_service, settings
):
    """With thousands separators on, 12345 must stay 12345 in a form's value, not 12.345."""
    settings.USE_THOUSAND_SEPARATOR = True
    service = make_service(pk=12345)

    html = client.get(URL, {"page": "1"}).text

    assert 'name="kies" value="12345" id="kies-12345"' in html
    assert 'name="service" value="12345"' in html
    assert 'id="kaart-12345"' in html
    assert "12.345" not in html and "12,345" not in html
    assert service.get_absolute_url() in html


def test_no_template_writes_an_id_as_a_number_of_the_language():
    """Every id a template writes ({{ x.pk }}, {{ x.id }}, {{ x.y_id }}) is unlocalized: with
    thousands separators on, a localized id breaks the form or link it is in."""
    from django.conf import settings as project

    ids = re.compile(r"\{\{\s*[\w.]*\.(?:pk|id|\w*_id)\s*(\|[^}]*)?\}\}")
    written = []
    for folder in project.TEMPLATES[0]["DIRS"]:
        for path in Path(folder).rglob("*.html"):
            for match in ids.finditer(path.read_text()):
                if "auto_id" not in match.group(0) and "unlocalize" not in (match.group(1) or ""):
                    written.append(f"{path.name}: {match.group(0)}")
    assert written == []
