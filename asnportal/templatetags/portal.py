from django import template

from asnportal import charts

register = template.Library()


@register.simple_tag
def bar_chart(labels, values, title="", **kwargs):
    """{% bar_chart labels values "Judul" %} → inline SVG."""
    return charts.bar_chart(labels, values, title=title, **kwargs)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None
