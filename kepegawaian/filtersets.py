"""One FilterSet per list, shared by the HTML list and the API (NetBox)."""

import django_filters as df
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from asnportal.filters import ValuesModelChoiceFilter
from asnportal.forms import friendly_empty_choice

from .autocomplete import AutocompleteFilter
from .choices import Golongan, JenisJabatan, StatusAktif, StatusAkun, StatusKepegawaian
from .models import (
    DokumenPegawai,
    Jabatan,
    Pegawai,
    PenugasanPlt,
    RencanaPenataan,
    SelisihSIASN,
    UnitKerja,
    UraianTugas,
    UsulanMutasi,
    UsulanPerubahanData,
)


class ScopedFilterSet(df.FilterSet):
    """Model-choice filters list only what the request's user may see."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        if user is not None:
            for f in self.filters.values():
                qs = f.extra.get("queryset")
                if qs is not None and hasattr(qs, "for_user"):
                    f.extra["queryset"] = qs.for_user(user)
                # A ModelChoiceFilter keeps its own `queryset` and copies it over `extra["queryset"]` when it
                # builds its form field: scope that one too, or the choices list every instansi's rows.
                own = getattr(f, "queryset", None)
                if own is not None and hasattr(own, "for_user"):
                    f.queryset = own.for_user(user)

    @property
    def form(self):
        form = super().form
        if not getattr(form, "_semua", False):
            from django import forms

            for field in form.fields.values():
                friendly_empty_choice(field, _("Semua"))
                if isinstance(
                    field.widget, forms.NullBooleanSelect
                ):  # yes/no filters: "Semua", not "Unknown"
                    field.widget.choices = [("unknown", _("Semua")), ("true", _("Ya")), ("false", _("Tidak"))]
            form._semua = True
        return form


class PegawaiFilterSet(ScopedFilterSet):
    q = df.CharFilter(method="search", label=_("Cari nama / NIP"))
    unit_kerja = ValuesModelChoiceFilter(
        queryset=UnitKerja.objects.order_by("path"),
        method="in_unit",
        label=_("Unit kerja"),
        label_fields=("label",),
    )
    golongan = df.ChoiceFilter(choices=Golongan.choices, label=_("Golongan"))
    jenis_jabatan = df.ChoiceFilter(
        field_name="jabatan__jenis", choices=JenisJabatan.choices, label=_("Jenis jabatan")
    )
    status_kepegawaian = df.ChoiceFilter(choices=StatusKepegawaian.choices, label=_("Status kepegawaian"))
    status_aktif = df.ChoiceFilter(choices=StatusAktif.choices, label=_("Status"))
    o = df.OrderingFilter(
        fields=(
            ("nama", "nama"),
            ("nip", "nip"),
            ("golongan", "golongan"),
            ("tanggal_lahir", "tanggal_lahir"),
            ("unit_kerja__path", "unit"),
        ),
        label=_("Urutkan"),
    )

    class Meta:
        model = Pegawai
        fields = ["q", "unit_kerja", "golongan", "jenis_jabatan", "status_kepegawaian", "status_aktif"]

    def search(self, queryset, name, value):
        value = value.strip()
        digits = value.replace(" ", "")
        if digits.isdigit():
            return queryset.filter(nip__startswith=digits)
        # Ordered by UPPER(nama) on purpose: PostgreSQL then finds the (few) matches through the trigram index
        # (migration 0003) and sorts them, instead of walking the whole (instansi, nama) index in name order
        # and filtering row by row (20-60 ms on 25,000 pegawai when the matches sort late). An explicit
        # ordering chosen by the user (`o`) is applied after this and wins.
        return queryset.filter(nama__icontains=value).order_by(Upper("nama"), "pk")

    def in_unit(self, queryset, name, value):
        """A unit includes its whole subtree (an OPD lists everyone in its bidang and seksi)."""
        return queryset.filter(unit_kerja__path__startswith=value.path)


class UnitKerjaFilterSet(ScopedFilterSet):
    q = df.CharFilter(field_name="nama", lookup_expr="icontains", label=_("Cari"))
    parent = ValuesModelChoiceFilter(
        queryset=UnitKerja.objects.order_by("path"), label=_("Unit induk"), label_fields=("label",)
    )
    root = df.BooleanFilter(field_name="parent", lookup_expr="isnull", label=_("Hanya perangkat daerah"))

    class Meta:
        model = UnitKerja
        fields = ["q", "parent", "jenis", "aktif"]


class JabatanFilterSet(ScopedFilterSet):
    q = df.CharFilter(method="search", label=_("Cari nama / kode"))
    unit_kerja = ValuesModelChoiceFilter(
        queryset=UnitKerja.objects.order_by("path"), label=_("Unit kerja"), label_fields=("label",)
    )

    class Meta:
        model = Jabatan
        fields = ["q", "unit_kerja", "jenis", "jenjang", "is_kepala_unit"]

    def search(self, queryset, name, value):
        from django.db.models import Q

        value = value.strip()
        return queryset.filter(Q(nama__icontains=value) | Q(kode__iexact=value))


class UsulanMutasiFilterSet(ScopedFilterSet):
    q = df.CharFilter(field_name="pegawai__nama", lookup_expr="icontains", label=_("Cari nama"))

    class Meta:
        model = UsulanMutasi
        fields = ["q", "jenis", "status"]


class UsulanDataFilterSet(ScopedFilterSet):
    q = df.CharFilter(field_name="pegawai__nama", lookup_expr="icontains", label=_("Cari nama"))

    class Meta:
        model = UsulanPerubahanData
        fields = ["q", "jenis", "status"]


class RencanaPenataanFilterSet(ScopedFilterSet):
    class Meta:
        model = RencanaPenataan
        fields = ["status"]


class SelisihSIASNFilterSet(ScopedFilterSet):
    class Meta:
        model = SelisihSIASN
        fields = ["rekonsiliasi", "jenis", "keputusan", "kolom"]


class UraianTugasFilterSet(ScopedFilterSet):
    class Meta:
        model = UraianTugas
        fields = ["jabatan"]


class DokumenPegawaiFilterSet(ScopedFilterSet):
    pegawai = AutocompleteFilter(queryset=Pegawai.objects.all(), label=_("Pegawai"))

    class Meta:
        model = DokumenPegawai
        fields = ["pegawai", "jenis"]


class AkunPegawaiFilterSet(ScopedFilterSet):
    """Account management list (issue 15): pegawai by account status, unit subtree, name/NIP, e-mail."""

    q = df.CharFilter(method="search", label=_("Cari nama / NIP"))
    unit_kerja = ValuesModelChoiceFilter(
        queryset=UnitKerja.objects.order_by("path"),
        method="in_unit",
        label=_("Unit kerja"),
        indent_field="depth",
    )
    status_akun = df.ChoiceFilter(choices=StatusAkun.choices, method="by_status_akun", label=_("Status akun"))
    status_aktif = df.ChoiceFilter(choices=StatusAktif.choices, label=_("Status pegawai"))
    email = df.ChoiceFilter(
        choices=[("ada", _("Ada e-mail")), ("kosong", _("Tanpa e-mail"))],
        method="by_email",
        label=_("E-mail"),
    )

    class Meta:
        model = Pegawai
        fields = ["q", "unit_kerja", "status_akun", "status_aktif", "email"]

    search = PegawaiFilterSet.search
    in_unit = PegawaiFilterSet.in_unit

    def by_status_akun(self, queryset, name, value):
        from .akun_selectors import STATUS_Q

        return queryset.filter(STATUS_Q[StatusAkun(value)])

    def by_email(self, queryset, name, value):
        return queryset.filter(email="") if value == "kosong" else queryset.exclude(email="")


class PenugasanPltFilterSet(ScopedFilterSet):
    q = df.CharFilter(method="search", label=_("Cari nama / jabatan / nomor SK"))
    berlaku = df.BooleanFilter(method="berlaku_hari_ini", label=_("Berlaku hari ini"))

    class Meta:
        model = PenugasanPlt
        fields = ["q", "jenis", "berlaku"]

    def search(self, qs, name, value):
        from django.db.models import Q

        return qs.filter(
            Q(pegawai__nama__icontains=value)
            | Q(jabatan__nama__icontains=value)
            | Q(nomor_sk__icontains=value)
        )

    def berlaku_hari_ini(self, qs, name, value):
        from django.utils import timezone

        if value is None:
            return qs
        today = timezone.localdate()
        inside = qs.filter(tanggal_mulai__lte=today, tanggal_selesai__gte=today)
        return inside if value else qs.exclude(pk__in=inside.values("pk"))
