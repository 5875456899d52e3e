"""Home and list pages stay light for cheap phones on slow networks: HTML + CSS ≤ 60 KB."""

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

BUDGET = 60 * 1024


@pytest.mark.parametrize("url", [reverse("directory:home"), reverse("directory:service_list")])
def test_html_and_css_fit_the_budget(client, many_services, url):
    html = client.get(url).content
    with open(finders.find("css/site.css"), "rb") as css:
        total = len(html) + len(css.read())

    assert total <= BUDGET, f"{url}: {total / 1024:.1f} KB"


@pytest.mark.parametrize("url", [reverse("directory:home"), reverse("directory:service_list")])
def test_no_javascript_is_sent(client, many_services, url):
    assert "<script" not in client.get(url).text
