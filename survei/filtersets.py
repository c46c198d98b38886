"""FilterSets shared by the HTML lists and the API."""

import django_filters as df
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kepegawaian.filtersets import ScopedFilterSet

from .choices import StatusTindakLanjut
from .models import RencanaTindakLanjut, Respons, UnitLayanan


class UnitLayananFilterSet(ScopedFilterSet):
    q = df.CharFilter(method="search", label=_("Cari nama"))
    aktif = df.BooleanFilter(label=_("Menerima survei"))

    class Meta:
        model = UnitLayanan
        fields = ["q", "unit_kerja", "aktif"]

    def search(self, qs, name, value):
        return qs.filter(Q(nama__icontains=value) | Q(slug__icontains=value))


class ResponsFilterSet(ScopedFilterSet):
    q = df.CharFilter(method="search", label=_("Cari saran"))
    unit = df.ModelChoiceFilter(queryset=UnitLayanan.objects.all(), label=_("Unit layanan"))
    dari = df.DateFilter(field_name="tanggal", lookup_expr="gte", label=_("Dari tanggal"))
    sampai = df.DateFilter(field_name="tanggal", lookup_expr="lte", label=_("Sampai tanggal"))

    class Meta:
        model = Respons
        fields = ["q", "unit", "dari", "sampai"]

    def search(self, qs, name, value):
        return qs.filter(saran__icontains=value)


class RencanaFilterSet(ScopedFilterSet):
    unit = df.ModelChoiceFilter(queryset=UnitLayanan.objects.all(), label=_("Unit layanan"))
    status = df.ChoiceFilter(choices=StatusTindakLanjut.choices, label=_("Status"))

    class Meta:
        model = RencanaTindakLanjut
        fields = ["unit", "status", "jenis_periode", "tahun", "nomor"]
