from django import template

from kinerja import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def penghargaan_pegawai(context, pegawai):
    """Awards of a pegawai, as far as the viewing user may see them (for the pegawai profile panel)."""
    return selectors.penghargaan_pegawai(user=context["request"].user, pegawai_id=pegawai.pk)
