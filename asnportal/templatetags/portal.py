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


@register.filter
def styled(bound_field):
    """Render a (filter) form field with the Bootstrap class its widget needs."""
    from asnportal.forms import _css_for

    widget = bound_field.field.widget
    css = _css_for(widget)
    attrs = {"class": f"{widget.attrs.get('class', '')} {css} form-control-sm".strip()} if css else {}
    if css == "form-select":
        attrs["class"] = attrs["class"].replace("form-control-sm", "form-select-sm")
    return bound_field.as_widget(attrs=attrs)


@register.filter
def verbose_name(obj):
    """The model's verbose name of an instance, form or model class (templates cannot read `_meta`)."""
    model = getattr(obj, "_meta", None) and obj._meta.model
    if model is None and hasattr(obj, "instance"):
        model = obj.instance._meta.model
    return model._meta.verbose_name if model is not None else ""
