"""FilterSets shared by the HTML lists and the API."""

import django_filters as df
from django.utils.translation import gettext_lazy as _

from kepegawaian.filtersets import ScopedFilterSet

from .choices import Predikat, StatusSKP
from .models import SKP, Evaluasi, Penghargaan


class SKPFilterSet(ScopedFilterSet):
    tahun = df.NumberFilter(label=_("Tahun"))
    status = df.ChoiceFilter(choices=StatusSKP.choices, label=_("Status"))
    berlaku = df.BooleanFilter(label=_("Revisi berlaku"))

    class Meta:
        model = SKP
        fields = ["tahun", "status", "berlaku", "pegawai"]


class EvaluasiFilterSet(ScopedFilterSet):
    tahun = df.NumberFilter(field_name="skp__tahun", label=_("Tahun"))
    predikat = df.ChoiceFilter(choices=Predikat.choices, label=_("Predikat"))

    class Meta:
        model = Evaluasi
        fields = ["tahun", "periode", "predikat", "status"]


class PenghargaanFilterSet(ScopedFilterSet):
    class Meta:
        model = Penghargaan
        fields = ["tahun", "jenis", "pegawai"]
