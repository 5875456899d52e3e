"""{% once_per_language %}: rendered once per language and process, then repeated."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import override_settings
from django.utils import translation

SOURCE = (
    "{% load i18n per_language %}"
    "{% once_per_language %}{% translate 'Alle hulp' %} {{ value }}{% endonce_per_language %}"
    " {{ value }}"
)


def render(template, language, value):
    with translation.override(language):
        return template.render(Context({"value": value}))


def test_the_part_is_rendered_once_per_language_and_the_rest_every_time():
    template = Template(SOURCE)
    assert render(template, "nl", 1) == "Alle hulp 1 1"
    # Kept: the part is what its first render in Dutch gave, the rest is rendered again.
    assert render(template, "nl", 2) == "Alle hulp 1 2"
    french = render(template, "fr", 3)
    assert not french.startswith("Alle hulp")
    assert french.endswith(" 3 3")
    assert render(template, "nl", 4) == "Alle hulp 1 4"


def test_a_changed_setting_renders_the_part_again():
    template = Template(SOURCE)
    assert render(template, "nl", 1) == "Alle hulp 1 1"
    with override_settings(USE_THOUSAND_SEPARATOR=True):
        assert render(template, "nl", 2) == "Alle hulp 2 2"


def test_the_tag_takes_no_arguments():
    with pytest.raises(TemplateSyntaxError):
        Template("{% load per_language %}{% once_per_language x %}{% endonce_per_language %}")


@pytest.mark.parametrize("language", ["nl", "fr", "ar"])
def test_each_language_gets_its_own_menu_and_links_on_every_page(client, demo_data, language):
    prefix = "" if language == "nl" else f"/{language}"
    home, glossary = client.get(f"{prefix}/"), client.get(f"{prefix}/woordenboek/")
    with translation.override(language):
        menu = f'<a href="{prefix}/woordenboek/">{translation.gettext("Woordenboek")}</a>'
        footer = translation.gettext(
            "Wegwijs is een overzicht van hulp in jouw stad. "
            "De gegevens worden bijgehouden door de stad."
        )
    for response in (home, glossary):
        assert response.status_code == 200
        assert menu in response.text
        assert footer in response.text
