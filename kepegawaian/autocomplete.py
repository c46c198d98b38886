"""Pickers that scale: one autocomplete form field and widget over pegawai, jabatan and unit kerja, and the
search behind them (shared with the endpoint `kepegawaian:pilih_<kind>`).

A form declares e.g. ``pegawai = autocomplete.PegawaiField(label=..., filters=("aktif",))`` (or swaps the
field of a ModelForm: ``widgets``/``field_classes`` in Meta, see `AutocompleteModelChoiceField`). The field
keeps Django's validation: the chosen id must be in the field's queryset, which `ScopedModelForm` narrows
with `for_user`, so nobody can POST another instansi's id.

The widget is a search box plus a native <select> that only ever holds the chosen option and up to
`LIMIT` matches (never every pegawai of an instansi):
- with htmx, typing asks the endpoint for the matches and swaps the <select>'s options; Tab then arrow keys
  choose (keyboard only, screen readers read a plain select);
- without JavaScript it is search-then-choose: type, press Enter (the form comes back with the matches and
  "Pilih salah satu hasil pencarian"), choose, submit. A typed search that the chosen value does not match
  is treated as a new search, so a stale choice is never saved by accident.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.db.models import Q, QuerySet
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .choices import StatusAktif

LIMIT = 20
MAX_QUERY = 100


@dataclass(frozen=True)
class Kind:
    """What one kind of picker searches and shows."""

    name: str
    url_name: str
    placeholder: str
    select_related: tuple = ()
    # Named narrowings a form (or the endpoint's `f` parameter) may ask for; nothing else is accepted.
    filters: dict = field(default_factory=dict)


def _model(name):
    from django.apps import apps

    return apps.get_model("kepegawaian", name)


KINDS = {
    "pegawai": Kind(
        name="pegawai",
        url_name="kepegawaian:pilih_pegawai",
        placeholder=_("Ketik nama atau NIP…"),
        select_related=("unit_kerja", "jabatan"),
        filters={"aktif": Q(status_aktif=StatusAktif.AKTIF)},
    ),
    "jabatan": Kind(
        name="jabatan",
        url_name="kepegawaian:pilih_jabatan",
        placeholder=_("Ketik nama jabatan, kode atau unit…"),
        select_related=("unit_kerja",),
        filters={"aktif": Q(aktif=True), "kepala": Q(is_kepala_unit=True)},
    ),
    "unit": Kind(
        name="unit",
        url_name="kepegawaian:pilih_unit",
        placeholder=_("Ketik nama unit atau perangkat daerah…"),
        filters={"aktif": Q(aktif=True)},
    ),
}


def kind_of(queryset: QuerySet) -> Kind:
    return KINDS[{"Pegawai": "pegawai", "Jabatan": "jabatan", "UnitKerja": "unit"}[queryset.model.__name__]]


def search(queryset: QuerySet, q: str, *, limit: int = LIMIT) -> list:
    """Up to `limit` rows of the (already scoped) queryset matching `q`, in display order.

    Pegawai: digits search the NIP by prefix (unique index), words the name (trigram index, migration 0003).
    Jabatan and units: every word must appear in the name, the code or the unit's full name, so "kepala
    subbagian umum kesehatan" finds the one in the Dinas Kesehatan.
    """
    q = " ".join((q or "").split())[:MAX_QUERY]
    kind = kind_of(queryset)
    qs = queryset.select_related(*kind.select_related) if kind.select_related else queryset
    if not q:
        return []
    if kind.name == "pegawai":
        digits = q.replace(" ", "")
        if digits.isdigit():
            qs = qs.filter(nip__startswith=digits).order_by("nip")
        else:
            # Ordered by UPPER(nama): PostgreSQL then uses the trigram index and sorts the few matches (see
            # PegawaiFilterSet.search).
            qs = qs.filter(nama__icontains=q).order_by(Upper("nama"), "pk")
    elif kind.name == "jabatan":
        for word in q.split()[:8]:
            qs = qs.filter(
                Q(nama__icontains=word) | Q(kode__iexact=word) | Q(unit_kerja__label__icontains=word)
            )
        qs = qs.order_by("unit_kerja__path", "-is_kepala_unit", "nama", "pk")
    else:
        for word in q.split()[:8]:
            qs = qs.filter(Q(label__icontains=word) | Q(kode__iexact=word) | Q(singkatan__iexact=word))
        qs = qs.order_by("path")
    return list(qs[:limit])


def option_label(obj) -> str:
    """The text of one choice: where the thing is, so 28 identical position names become 28 places."""
    model = obj.__class__.__name__
    if model == "Pegawai":
        parts = [obj.nama_lengkap, obj.nip_tampil]
        if obj.jabatan_id:
            parts.append(obj.jabatan.nama)
        if obj.unit_kerja_id:
            parts.append(obj.unit_kerja.label or obj.unit_kerja.nama)
        return " · ".join(parts)
    if model == "Jabatan":
        return f"{obj.label} [{obj.kode}]" if obj.kode else obj.label
    return obj.label or obj.nama


def apply_filters(queryset: QuerySet, names) -> QuerySet:
    kind = kind_of(queryset)
    for name in names or ():
        cond = kind.filters.get(name)
        if cond is not None:
            queryset = queryset.filter(cond)
    return queryset


class _Searching:
    """value_from_datadict's answer when the user typed a search the submitted choice does not match."""

    def __init__(self, q, value):
        self.q, self.value = q, value


class AutocompleteWidget(forms.Widget):
    template_name = "kepegawaian/widgets/autocomplete.html"
    suffix = "__q"

    def __init__(self, attrs=None, *, filters=()):
        super().__init__(attrs)
        self.queryset = None
        self.filters = tuple(filters)

    def use_required_attribute(self, initial):
        # Never `required` on the <select>: the browser would refuse the search-then-choose round trip
        # (no JavaScript) while nothing is chosen yet. The field still requires a value.
        return False

    def __deepcopy__(self, memo):
        obj = super().__deepcopy__(memo)
        obj.queryset = self.queryset
        return obj

    def value_from_datadict(self, data, files, name):
        value = data.get(name) or ""
        q = " ".join((data.get(name + self.suffix) or "").split())[:MAX_QUERY]
        if q and self.queryset is not None:
            matches = {str(o.pk) for o in search(self.queryset, q)}
            if str(value) not in matches:
                return _Searching(q, value)
        return value

    def value_omitted_from_data(self, data, files, name):
        return name not in data and name + self.suffix not in data

    def format_value(self, value):
        if isinstance(value, _Searching):
            return value.value
        return super().format_value(value)

    def get_context(self, name, value, attrs):
        ctx = super().get_context(name, value, attrs)
        q = value.q if isinstance(value, _Searching) else ""
        chosen = value.value if isinstance(value, _Searching) else value
        options, seen = [], set()
        if self.queryset is not None:
            kind = kind_of(self.queryset)
            if chosen not in (None, ""):
                try:
                    obj = self.queryset.select_related(*kind.select_related).filter(pk=chosen).first()
                except (ValueError, TypeError):
                    obj = None
                if obj is not None:
                    options.append((str(obj.pk), option_label(obj), True))
                    seen.add(str(obj.pk))
            for obj in search(self.queryset, q):
                if str(obj.pk) not in seen:
                    options.append((str(obj.pk), option_label(obj), False))
            url = reverse(kind.url_name)
            placeholder = kind.placeholder
        else:  # pragma: no cover - a field always sets its queryset
            url, placeholder = "", ""
        attrs = ctx["widget"]["attrs"]
        css = " ".join(c for c in attrs.get("class", "").split() if c not in ("form-control", "form-select"))
        attrs["class"] = f"form-select {css}".strip()
        ctx["widget"].update(
            {
                "q": q,
                "q_name": name + self.suffix,
                "options": options,
                "url": url,
                "placeholder": placeholder,
                "filters": ",".join(self.filters),
                "searched": bool(q),
            }
        )
        return ctx


class AutocompleteModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField over Pegawai, Jabatan or UnitKerja rendered as an autocomplete. Drop-in: same
    cleaned value (the model instance), same validation against the (scoped) queryset."""

    widget = AutocompleteWidget
    default_error_messages = {
        "searching": _("Pilih salah satu hasil pencarian “%(q)s” di daftar, lalu simpan lagi."),
        "no_match": _("Tidak ada yang cocok dengan “%(q)s”. Coba kata lain."),
    }

    def __init__(self, queryset, *, filters=(), **kwargs):
        kwargs.setdefault("widget", AutocompleteWidget(filters=filters))
        kwargs.setdefault("empty_label", None)
        self.filters = tuple(filters)
        super().__init__(apply_filters(queryset, filters), **kwargs)

    def _set_queryset(self, queryset):
        if queryset is not None and getattr(self, "filters", None):
            queryset = apply_filters(queryset, self.filters)
        super()._set_queryset(queryset)
        self.widget.queryset = self._queryset

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)

    def to_python(self, value):
        if isinstance(value, _Searching):
            code = "searching" if search(self.queryset, value.q, limit=1) else "no_match"
            raise forms.ValidationError(self.error_messages[code], code=code, params={"q": value.q})
        return super().to_python(value)

    def has_changed(self, initial, data):
        if isinstance(data, _Searching):
            return True
        return super().has_changed(initial, data)


def PegawaiField(**kwargs):  # noqa: N802 - a field factory reads like a field class
    return AutocompleteModelChoiceField(_model("Pegawai").objects.all(), **kwargs)


def JabatanField(**kwargs):  # noqa: N802
    return AutocompleteModelChoiceField(_model("Jabatan").objects.all(), **kwargs)


def UnitKerjaField(**kwargs):  # noqa: N802
    return AutocompleteModelChoiceField(_model("UnitKerja").objects.all(), **kwargs)


def use_autocomplete(form, *names, filters=None):
    """Turn existing ModelChoiceFields of a (ScopedModelForm) form into autocompletes, keeping label,
    required, help text and the already scoped queryset. For forms other apps own: one line in __init__."""
    filters = filters or {}
    for name in names:
        old = form.fields[name]
        new = AutocompleteModelChoiceField(
            old.queryset,
            filters=filters.get(name, ()),
            label=old.label,
            required=old.required,
            help_text=old.help_text,
            initial=old.initial,
        )
        form.fields[name] = new


class _FilterField(AutocompleteModelChoiceField):
    def __init__(self, queryset=None, *, null_label=None, null_value=None, **kwargs):
        kwargs.pop("empty_label", None)
        super().__init__(queryset, **kwargs)


def _filter_class():
    import django_filters as df

    class AutocompleteFilter(df.ModelChoiceFilter):
        """A list filter over pegawai/jabatan/unit as an autocomplete (never thousands of <option>s)."""

        field_class = _FilterField

    return AutocompleteFilter


AutocompleteFilter = _filter_class()


class AutocompleteMultipleWidget(AutocompleteWidget):
    """The many-value picker: the chosen items as ticked checkboxes (untick to remove) plus the same search
    box and <select> of at most `LIMIT` matches to add one more. Without JavaScript it is the same
    search-then-choose round trip as the single picker."""

    template_name = "kepegawaian/widgets/autocomplete_multiple.html"
    allow_multiple_selected = True

    def value_from_datadict(self, data, files, name):
        raw = data.getlist(name) if hasattr(data, "getlist") else data.get(name) or []
        if isinstance(raw, str):
            raw = [raw]
        values = list(dict.fromkeys(str(v) for v in raw if v not in (None, "")))
        q = " ".join((data.get(name + self.suffix) or "").split())[:MAX_QUERY]
        if q and self.queryset is not None:
            matches = {str(o.pk) for o in search(self.queryset, q)}
            if not matches.intersection(values):
                return _Searching(q, values)
        return values

    def format_value(self, value):
        if isinstance(value, _Searching):
            value = value.value
        if value is None:
            return []
        if not isinstance(value, (list, tuple)):
            value = [value]
        return [str(v) for v in value if v not in (None, "")]

    def get_context(self, name, value, attrs):
        ctx = super().get_context(name, "", attrs)
        q = value.q if isinstance(value, _Searching) else ""
        chosen = self.format_value(value)
        items = []
        if self.queryset is not None:
            kind = kind_of(self.queryset)
            pks = [v for v in chosen if v.isdigit()]
            objs = {
                str(o.pk): o for o in self.queryset.select_related(*kind.select_related).filter(pk__in=pks)
            }
            items = [(pk, option_label(objs[pk])) for pk in pks if pk in objs]
            seen = {pk for pk, _label in items}
            ctx["widget"]["options"] = [
                (str(o.pk), option_label(o), False) for o in search(self.queryset, q) if str(o.pk) not in seen
            ]
        ctx["widget"].update({"q": q, "searched": bool(q), "chosen": items})
        return ctx


class AutocompleteModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField over Pegawai, Jabatan or UnitKerja rendered as `AutocompleteMultipleWidget`.
    Same cleaned value (a queryset) and validation against the (scoped) queryset."""

    widget = AutocompleteMultipleWidget
    default_error_messages = {
        **forms.ModelMultipleChoiceField.default_error_messages,
        **AutocompleteModelChoiceField.default_error_messages,
    }

    def __init__(self, queryset, *, filters=(), **kwargs):
        kwargs.setdefault("widget", AutocompleteMultipleWidget(filters=filters))
        self.filters = tuple(filters)
        super().__init__(apply_filters(queryset, filters), **kwargs)

    def _set_queryset(self, queryset):
        if queryset is not None and getattr(self, "filters", None):
            queryset = apply_filters(queryset, self.filters)
        super()._set_queryset(queryset)
        self.widget.queryset = self._queryset

    queryset = property(forms.ModelMultipleChoiceField._get_queryset, _set_queryset)

    def clean(self, value):
        if isinstance(value, _Searching):
            code = "searching" if search(self.queryset, value.q, limit=1) else "no_match"
            raise forms.ValidationError(self.error_messages[code], code=code, params={"q": value.q})
        return super().clean(value)

    def has_changed(self, initial, data):
        if isinstance(data, _Searching):
            return True
        return super().has_changed(initial, data)
