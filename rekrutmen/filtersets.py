"""One FilterSet per list, shared by the HTML list and the API."""

import django_filters as df
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kepegawaian.filtersets import ScopedFilterSet

from .choices import Hasil, JenisSeleksi, StatusAdministrasi, StatusFormasi, StatusSanggah, TahapSanggah
from .models import Formasi, Lamaran, Sanggah, Seleksi


class SeleksiFilterSet(ScopedFilterSet):
    q = df.CharFilter(field_name="nama", lookup_expr="icontains", label=_("Cari nama"))
    jenis = df.ChoiceFilter(choices=JenisSeleksi.choices, label=_("Jenis"))
    tahun = df.NumberFilter(label=_("Tahun"))

    class Meta:
        model = Seleksi
        fields = ["q", "jenis", "tahun"]


class FormasiFilterSet(ScopedFilterSet):
    seleksi = df.ModelChoiceFilter(queryset=Seleksi.objects.all(), label=_("Seleksi"))
    status = df.ChoiceFilter(choices=StatusFormasi.choices, label=_("Status"))

    class Meta:
        model = Formasi
        fields = ["seleksi", "status", "jenis_formasi"]


class LamaranFilterSet(ScopedFilterSet):
    q = df.CharFilter(method="search", label=_("Nomor peserta / nama"))
    seleksi = df.ModelChoiceFilter(queryset=Seleksi.objects.all(), label=_("Seleksi"))
    formasi = df.ModelChoiceFilter(queryset=Formasi.objects.select_related("jabatan"), label=_("Formasi"))
    status_administrasi = df.ChoiceFilter(choices=StatusAdministrasi.choices, label=_("Administrasi"))
    hasil = df.ChoiceFilter(choices=Hasil.choices[1:], label=_("Hasil"))
    o = df.OrderingFilter(
        fields=(("nomor_peserta", "nomor"), ("peringkat", "peringkat"), ("nilai_akhir", "nilai")),
        label=_("Urutkan"),
    )

    class Meta:
        model = Lamaran
        fields = ["q", "seleksi", "formasi", "status_administrasi", "hasil"]

    def search(self, qs, name, value):
        return qs.filter(
            Q(nomor_peserta__startswith=value.strip()) | Q(pelamar__nama__icontains=value.strip())
        )


class SanggahFilterSet(ScopedFilterSet):
    status = df.ChoiceFilter(choices=StatusSanggah.choices, label=_("Status"))
    tahap = df.ChoiceFilter(choices=TahapSanggah.choices, label=_("Tahap"))

    class Meta:
        model = Sanggah
        fields = ["status", "tahap"]
