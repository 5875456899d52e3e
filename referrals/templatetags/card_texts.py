"""``{% card_text "intro" %}``: a fixed text of the card in its language(s); see
referrals.card_texts."""

from django import template

from referrals import card_texts

register = template.Library()


@register.simple_tag(takes_context=True)
def card_text(context, key, **params):
    return card_texts.card_text(context["card"].languages, key, **params)


@register.simple_tag(takes_context=True)
def card_plain_text(context, key, **params):
    """For attributes and the title: no markup."""
    return card_texts.plain_text(context["card"].languages, card_texts.CARD_TEXTS[key], params)


@register.simple_tag(takes_context=True)
def card_channel_kind(context, channel):
    return card_texts.channel_kind(context["card"].languages, channel.kind)
