"""One FilterSet per list, shared by the HTML list and the API."""

import django_filters as df
from django.utils.translation import gettext_lazy as _

from asnportal.filters import TahunFilter, ValuesModelChoiceFilter
from kepegawaian.autocomplete import AutocompleteFilter
from kepegawaian.filtersets import ScopedFilterSet
from kepegawaian.models import Pegawai, UnitKerja

from .choices import JenisKoreksi, JenisLibur, StatusHarian, StatusPengajuan, SumberPresensi
from .models import HariLibur, KoreksiPresensi, PengajuanCuti, Presensi, StatusHarianPegawai


class _UnitMixin:
    def in_unit(self, queryset, name, value: UnitKerja):
        return queryset.filter(pegawai__unit_kerja__path__startswith=value.path)


class PresensiFilterSet(_UnitMixin, ScopedFilterSet):
    pegawai = AutocompleteFilter(queryset=Pegawai.objects.all(), label=_("Pegawai"))
    unit_kerja = ValuesModelChoiceFilter(
        queryset=UnitKerja.objects.order_by("path"),
        method="in_unit",
        label=_("Unit kerja"),
        label_fields=("label",),
    )
    sumber = df.ChoiceFilter(choices=SumberPresensi.choices, label=_("Sumber"))
    dari = df.DateFilter(field_name="waktu", lookup_expr="date__gte", label=_("Dari tanggal"))
    sampai = df.DateFilter(field_name="waktu", lookup_expr="date__lte", label=_("Sampai tanggal"))

    class Meta:
        model = Presensi
        fields = ["pegawai", "unit_kerja", "sumber", "dari", "sampai"]


class StatusHarianFilterSet(_UnitMixin, ScopedFilterSet):
    pegawai = AutocompleteFilter(queryset=Pegawai.objects.all(), label=_("Pegawai"))
    unit_kerja = ValuesModelChoiceFilter(
        queryset=UnitKerja.objects.order_by("path"),
        method="in_unit",
        label=_("Unit kerja"),
        label_fields=("label",),
    )
    status = df.ChoiceFilter(choices=StatusHarian.choices, label=_("Status"))
    dari = df.DateFilter(field_name="tanggal", lookup_expr="gte", label=_("Dari tanggal"))
    sampai = df.DateFilter(field_name="tanggal", lookup_expr="lte", label=_("Sampai tanggal"))

    class Meta:
        model = StatusHarianPegawai
        fields = ["pegawai", "unit_kerja", "status", "dari", "sampai"]


class KoreksiFilterSet(ScopedFilterSet):
    status = df.ChoiceFilter(choices=StatusPengajuan.choices, label=_("Status"))
    jenis = df.ChoiceFilter(choices=JenisKoreksi.choices, label=_("Jenis"))

    class Meta:
        model = KoreksiPresensi
        fields = ["status", "jenis"]


class CutiFilterSet(ScopedFilterSet):
    status = df.ChoiceFilter(choices=StatusPengajuan.choices, label=_("Status"))
    tahun = TahunFilter("tanggal_mulai")

    class Meta:
        model = PengajuanCuti
        fields = ["status", "jenis", "tahun"]


class HariLiburFilterSet(ScopedFilterSet):
    tahun = TahunFilter("tanggal")
    jenis = df.ChoiceFilter(choices=JenisLibur.choices, label=_("Jenis"))

    class Meta:
        model = HariLibur
        fields = ["tahun", "jenis"]
