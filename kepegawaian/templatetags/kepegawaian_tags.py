from django import template

from asnportal import scoping

from .. import selectors

register = template.Library()


@register.inclusion_tag("kepegawaian/_pengingat.html", takes_context=True)
def pengingat_hr(context):
    """KP and KGB reminders for HR officers (the dashboard widget)."""
    user = context["request"].user
    if not scoping.can_read_instansi(user):
        return {"tampil": False}
    return {"tampil": True, **selectors.pengingat_hr(user=user)}
