"""Template tags of the forum (dashboard widget)."""

from django import template

from .. import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def forum_widget(context):
    user = context["request"].user
    return {"terbaru": selectors.topik_terbaru(user=user, limit=5)}
