"""Shared django-filter pieces."""

import django_filters as df
from django.utils.translation import gettext_lazy as _

TAHUN_MIN, TAHUN_MAX = 1950, 2100


class TahunFilter(df.NumberFilter):
    """A year filter on a date field, bounded so a bad value is a 400, never a database error."""

    def __init__(self, field_name, **kwargs):
        kwargs.setdefault("label", _("Tahun"))
        super().__init__(
            field_name=field_name, lookup_expr="year", min_value=TAHUN_MIN, max_value=TAHUN_MAX, **kwargs
        )
