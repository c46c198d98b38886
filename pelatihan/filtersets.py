"""One FilterSet per list, shared by the HTML list and the API."""

import django_filters as df
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from asnportal.filters import TahunFilter, ValuesModelChoiceFilter
from kepegawaian.filtersets import ScopedFilterSet
from kepegawaian.models import Pegawai, UnitKerja

from .choices import (
    Bentuk,
    Bidang,
    StatusPeserta,
    StatusRekomendasi,
    StatusSesi,
    StatusVerifikasi,
    SumberRekomendasi,
)
from .models import (
    Kompetensi,
    PelatihanEksternal,
    Peserta,
    Program,
    Rekomendasi,
    RencanaPelatihan,
    Sertifikat,
    Sesi,
)


class KompetensiFilterSet(ScopedFilterSet):
    q = df.CharFilter(field_name="nama", lookup_expr="icontains", label=_("Cari"))

    class Meta:
        model = Kompetensi
        fields = ["q", "jenis"]


class ProgramFilterSet(ScopedFilterSet):
    q = df.CharFilter(method="search", label=_("Cari"))
    bidang = df.ChoiceFilter(choices=Bidang.choices, label=_("Bidang"))
    bentuk = df.ChoiceFilter(choices=Bentuk.choices, label=_("Bentuk"))
    kompetensi = df.ModelChoiceFilter(queryset=Kompetensi.objects.all(), label=_("Kompetensi"))

    class Meta:
        model = Program
        fields = ["q", "bidang", "bentuk", "kompetensi", "aktif"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(nama__icontains=value) | Q(kode__icontains=value))


class SesiFilterSet(ScopedFilterSet):
    q = df.CharFilter(method="search", label=_("Cari"))
    program = df.ModelChoiceFilter(queryset=Program.objects.all(), label=_("Program"))
    status = df.ChoiceFilter(choices=StatusSesi.choices, label=_("Status"))
    tahun = TahunFilter("tanggal_mulai")
    bidang = df.ChoiceFilter(field_name="program__bidang", choices=Bidang.choices, label=_("Bidang"))

    class Meta:
        model = Sesi
        fields = ["q", "program", "status", "tahun", "bidang"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(program__nama__icontains=value) | Q(nama__icontains=value))


class PesertaFilterSet(ScopedFilterSet):
    q = df.CharFilter(method="search", label=_("Cari pegawai"))
    sesi = df.ModelChoiceFilter(queryset=Sesi.objects.all(), label=_("Sesi"))
    status = df.ChoiceFilter(choices=StatusPeserta.choices, label=_("Status"))
    tahun = TahunFilter("sesi__tanggal_mulai")

    class Meta:
        model = Peserta
        fields = ["q", "sesi", "status", "tahun"]

    def search(self, queryset, name, value):
        value = value.strip()
        if value.replace(" ", "").isdigit():
            return queryset.filter(pegawai__nip__startswith=value.replace(" ", ""))
        return queryset.filter(pegawai__nama__icontains=value)


class EksternalFilterSet(ScopedFilterSet):
    status = df.ChoiceFilter(choices=StatusVerifikasi.choices, label=_("Status"))
    tahun = TahunFilter("tanggal_mulai")

    class Meta:
        model = PelatihanEksternal
        fields = ["status", "tahun"]


class SertifikatFilterSet(ScopedFilterSet):
    kode = df.CharFilter(lookup_expr="iexact", label=_("Kode"))

    class Meta:
        model = Sertifikat
        fields = ["kode"]


class RekomendasiFilterSet(ScopedFilterSet):
    tahun = df.NumberFilter(label=_("Tahun rencana"))
    sumber = df.ChoiceFilter(choices=SumberRekomendasi.choices, label=_("Sumber"))
    status = df.ChoiceFilter(choices=StatusRekomendasi.choices, label=_("Status"))
    unit_kerja = ValuesModelChoiceFilter(
        queryset=UnitKerja.objects.order_by("path"),
        method="in_unit",
        label=_("Unit kerja"),
        label_fields=("label",),
    )

    class Meta:
        model = Rekomendasi
        fields = ["tahun", "sumber", "status", "unit_kerja"]

    def in_unit(self, queryset, name, value: UnitKerja) -> "QuerySet":  # noqa: F821 - hint for drf-spectacular
        return queryset.filter(pegawai__unit_kerja__path__startswith=value.path)


class RencanaFilterSet(ScopedFilterSet):
    tahun = df.NumberFilter(label=_("Tahun"))
    program = df.ModelChoiceFilter(queryset=Program.objects.all(), label=_("Program"))

    class Meta:
        model = RencanaPelatihan
        fields = ["tahun", "program"]


class JPFilterSet(ScopedFilterSet):
    """Filters on the JP recap (a Pegawai queryset annotated with total_jp)."""

    q = df.CharFilter(method="search", label=_("Cari nama / NIP"))
    unit_kerja = ValuesModelChoiceFilter(
        queryset=UnitKerja.objects.order_by("path"),
        method="in_unit",
        label=_("Unit kerja"),
        label_fields=("label",),
    )
    di_bawah_target = df.BooleanFilter(method="below", label=_("Di bawah target"))

    class Meta:
        model = Pegawai
        fields: list = []

    def search(self, queryset, name, value):
        value = value.strip()
        if value.replace(" ", "").isdigit():
            return queryset.filter(nip__startswith=value.replace(" ", ""))
        return queryset.filter(nama__icontains=value)

    def in_unit(self, queryset, name, value):
        return queryset.filter(unit_kerja__path__startswith=value.path)

    def below(self, queryset, name, value):
        from . import conf

        if value is None:
            return queryset
        return (
            queryset.filter(total_jp__lt=conf.target_jp())
            if value
            else queryset.filter(total_jp__gte=conf.target_jp())
        )
