"""Shared django-filter pieces."""

import django_filters as df
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _

TAHUN_MIN, TAHUN_MAX = 1950, 2100


class TahunFilter(df.NumberFilter):
    """A year filter on a date field, bounded so a bad value is a 400, never a database error."""

    def __init__(self, field_name, **kwargs):
        kwargs.setdefault("label", _("Tahun"))
        super().__init__(
            field_name=field_name, lookup_expr="year", min_value=TAHUN_MIN, max_value=TAHUN_MAX, **kwargs
        )


class _ValuesChoiceIterator(BaseChoiceIterator):
    """Choices straight from `values_list(pk, label fields)`: no model instance per option. A select listing
    every unit of an instansi built 130 model objects per page view otherwise (profiled on the pegawai list).
    The rows are read once per form (the field is copied per form instance)."""

    def __init__(self, field):
        self.field = field

    def _rows(self):
        if getattr(self.field, "_choice_rows", None) is None:
            self.field._choice_rows = [
                (pk, self.field.label_from_values(*values))
                for pk, *values in self.field.queryset.values_list("pk", *self.field.label_fields)
            ]
        return self.field._choice_rows

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self._rows()

    def __len__(self):
        return len(self._rows()) + (1 if self.field.empty_label is not None else 0)


class _ValuesChoiceField(df.fields.ModelChoiceField):
    iterator = _ValuesChoiceIterator

    def __init__(self, *args, label_fields=("nama",), indent_field=None, **kwargs):
        self.indent_field = indent_field
        self.label_fields = ((indent_field,) if indent_field else ()) + tuple(label_fields)
        self._choice_rows = None
        super().__init__(*args, **kwargs)

    def _set_queryset(self, queryset):
        self._choice_rows = None  # also on copies: ModelChoiceField.__deepcopy__ sets the queryset again
        super()._set_queryset(queryset)

    queryset = property(df.fields.ModelChoiceField._get_queryset, _set_queryset)

    def label_from_values(self, *values):
        prefix = ""
        if self.indent_field:
            depth, *values = values
            prefix = "\u2003" * (depth or 0)  # em spaces: the tree shows in a plain <select>
        return prefix + " ".join(str(v) for v in values if v)


class ValuesModelChoiceFilter(df.ModelChoiceFilter):
    """A ModelChoiceFilter whose options are rendered from `label_fields` (default: the model's `nama`)
    without instantiating a model per option. Validation is unchanged (the field still looks the chosen pk up
    in the scoped queryset). `indent_field` (e.g. "depth") indents tree nodes in the option label."""

    field_class = _ValuesChoiceField
