"""Issue 16: every create form of every app, submitted in a browser-like way (GET the page, fill every field of
the form it shows with valid data, POST) as the role that may use it, succeeds.

The units and positions forms were always refused ("Unit induk harus dari instansi yang sama": the model check
ran before the view set the instansi) and no test submitted them. The create pages are found in the URL conf
(names ending in _create/_tambah, "tambah/", "baru/", "ajukan/" routes ...): a new one fails
`test_every_create_page_has_a_case` until it is added to CASES here.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from asnportal.testing.factories import PegawaiFactory, _nip
from tests.urlwalk import url_params, walk_with_names

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()
# A weekday a week ahead (leave and schedules refuse ranges without a working day).
WORKDAY = next(
    TODAY + dt.timedelta(days=d) for d in range(7, 14) if (TODAY + dt.timedelta(days=d)).weekday() < 4
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _png() -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buf, format="PNG")
    return buf.getvalue()


CREATE_NAME = re.compile(r"(_create|_tambah|_usul|usulan_data_saya)$")
CREATE_ROUTE = re.compile(r"(tambah|baru|buat|ajukan|usul|minta)/$")


def create_pages():
    out = {}
    for route, pattern, name in walk_with_names():
        if not name or route.startswith(("api/", "admin/")):
            continue
        if CREATE_NAME.search(name) or CREATE_ROUTE.search(route):
            out[name] = url_params(pattern)
    return out


# url name -> (role, object for the pk in the URL or None, overrides {field: value or callable(world)})
def _nip_baru(w):
    return _nip(4321)


CASES = {
    "kepegawaian:pegawai_create": (
        "hr",
        None,
        {
            "nip": _nip_baru,
            "tanggal_lahir": lambda w: f"{_nip_baru(w)[0:4]}-{_nip_baru(w)[4:6]}-{_nip_baru(w)[6:8]}",
            "jenis_kelamin": "L",
            "status_kepegawaian": "PNS",
            "golongan": "III/a",
            "nik": "",
            "status_aktif": "aktif",
            "pendidikan_terakhir": "S1",
            "tmt_cpns": "2005-01-01",
        },
    ),
    "kepegawaian:riwayat_pangkat_tambah": (
        "hr",
        "kepegawaian.Pegawai",
        {
            "golongan": "III/b",
            "tmt": "2022-04-01",
            "nomor_sk": "800/123/BKPSDM/2022",
            "tanggal_sk": "2022-03-20",
        },
    ),
    "kepegawaian:instansi_create": (
        "superadmin",
        None,
        {"kode": "kab-tebo", "nama": "Pemerintah Kabupaten Tebo", "jenis": "kabupaten", "wke_menit": ""},
    ),
    "kepegawaian:unitkerja_create": ("hr", None, {"parent": lambda w: w["opd"].pk, "jenis": "bidang"}),
    "kepegawaian:jabatan_create": ("hr", None, {"unit_kerja": lambda w: w["opd"].pk, "kelas_jabatan": 7}),
    "kepegawaian:rencana_create": ("hr", None, {}),
    "kepegawaian:mutasi_usul": (
        "hr",
        None,
        {"pegawai": lambda w: w["asn_pegawai"].pk, "jabatan_tujuan": lambda w: w["jabatan_lain"].pk},
    ),
    "kepegawaian:usulan_data_saya": ("asn", None, {"telepon": "081234567890", "nik": "1508010101900001"}),
    "kepegawaian:plt_create": (
        "hr",
        None,
        {
            "pegawai": lambda w: w["asn_pegawai"].pk,
            "jabatan": lambda w: w["kepala"].jabatan_id,
            "tanggal_mulai": TODAY.isoformat(),
            "tanggal_selesai": (TODAY + dt.timedelta(days=30)).isoformat(),
            "tanggal_sk": TODAY.isoformat(),
        },
    ),
    "kepegawaian:akun_buat": ("hr", None, {"cakupan": "semua", "unit_kerja": None, "pegawai": None}),
    "kepegawaian:usulan_data_list": None,  # a list named like a create page (no form)
    "rekrutmen:seleksi_create": ("hr", None, {}),
    "rekrutmen:formasi_usul": ("hr", "rekrutmen.Seleksi", {"kuota": 1}),
    "kinerja:rhk_tambah": ("asn", "skp", {}),
    "kinerja:indikator_tambah": ("asn", "rhk", {}),
    "kinerja:potensi_tambah": ("hr", None, {"pegawai": lambda w: w["asn_pegawai"].pk, "skor": "72.5"}),
    "kinerja:penghargaan_tambah": ("hr", None, {"pegawai": lambda w: w["asn_pegawai"].pk}),
    "pelatihan:kompetensi_create": ("hr", None, {}),
    "pelatihan:program_create": ("hr", None, {}),
    "pelatihan:sesi_create": ("hr", None, {}),
    "pelatihan:eksternal_create": ("asn", None, {}),
    "survei:unit_create": ("hr", None, {"slug": "layanan-uji-sweep"}),
    "survei:rencana_tambah": ("hr", "survei.UnitLayanan", {}),
    "forum:topik_create": ("asn", None, {}),
    "forum:pos_create": ("asn", "topik", {"kutipan": None}),
    "forum:ruang_create": ("hr", None, {"undangan": ""}),
    "kehadiran:koreksi_create": (
        "asn",
        None,
        {"tanggal": (TODAY - dt.timedelta(days=1)).isoformat(), "jam_pulang": "16:00"},
    ),
    "kehadiran:cuti_create": ("asn", None, {}),
    "kehadiran:jadwal_create": ("hr", None, {}),
    "kehadiran:shift_create": ("hr", None, {"jadwal": lambda w: _shift_jadwal(w).pk}),
    "kehadiran:libur_create": ("hr", None, {}),
    "kehadiran:lokasi_create": ("hr", None, {"jaringan": "", "latitude": "-1.49", "longitude": "102.11"}),
    "laporan:laporan_create": ("hr", None, {}),
    # An action button (POST, no form) whose route ends in "baru/": asnportal/tests/test_mfa.py submits it.
    "otp_renew_codes": None,
    # Selection actions posted from a list page (no form page of their own): layanan/tests/test_views.py posts
    # usul_buat from the due list; pelatihan:rencana_buat is posted from the recommendations list.
    "layanan:usul_buat": None,
    "pelatihan:rencana_buat": None,
}


# Create forms shown on another page (they post to the create URL): the page that shows them.
FORM_PAGE = {"forum:pos_create": lambda kw: f"/forum/topik/{kw['pk']}/"}


def test_every_create_page_has_a_case():
    missing = sorted(set(create_pages()) - set(CASES))
    assert not missing, f"add these create pages to CASES: {missing}"


def _value_for(field, bound_value):
    if bound_value not in (None, "", []) and not isinstance(field, forms.FileField):
        if isinstance(bound_value, dt.date):
            return bound_value.isoformat()
        return bound_value
    if isinstance(field, forms.BooleanField):
        return "on" if field.required else None
    if isinstance(field, forms.ModelMultipleChoiceField):
        first = field.queryset.first()
        return [first.pk] if first is not None else None
    if isinstance(field, forms.ModelChoiceField):
        first = field.queryset.order_by("pk").first()
        if first is None and field.required:
            first = _make(field.queryset)  # e.g. a forum category, a leave type, a training programme
        return first.pk if first is not None else None
    if isinstance(field, forms.MultipleChoiceField):
        return [next(v for v, _label in field.choices if v not in ("", None))]
    if isinstance(field, forms.ChoiceField):
        for value, label in field.choices:
            if isinstance(label, list | tuple):  # option group
                return label[0][0]
            if value not in ("", None):
                return value
        return None
    if isinstance(field, forms.SplitDateTimeField):
        return None
    if isinstance(field, forms.DateTimeField):
        return WORKDAY.isoformat() + " 09:00"
    if isinstance(field, forms.DateField):
        return WORKDAY.isoformat()
    if isinstance(field, forms.TimeField):
        return "08:00"
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        low = field.min_value if field.min_value is not None else 1
        value = max(low, 1)
        if field.max_value is not None:
            value = min(value, field.max_value)
        return value
    if isinstance(field, forms.ImageField):
        return SimpleUploadedFile("uji.png", _png(), content_type="image/png")
    if isinstance(field, forms.FileField):
        return SimpleUploadedFile("uji.pdf", PDF, content_type="application/pdf")
    if isinstance(field, forms.EmailField):
        return "uji.sweep@contoh.go.id"
    if isinstance(field, forms.URLField):
        return "https://contoh.go.id/bukti"
    if isinstance(field, forms.SlugField):
        return "uji-sweep"
    if isinstance(field, forms.CharField):
        text = "Isian uji formulir yang cukup panjang untuk batas minimal"
        return text[: field.max_length] if field.max_length else text
    return None


_INSTANSI = {}


def _make(queryset):
    """One row of the field's model in the test's instansi, from the apps' SCOPED_OBJECTS factories."""
    from tests.urlwalk import scoped_factories

    make = scoped_factories().get(queryset.model)
    if make is None:
        return None
    make(_INSTANSI["current"])
    return queryset.order_by("pk").first()


def fill(form, overrides, world):
    data, files = {}, {}
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        if name in overrides:
            value = overrides[name]
            value = value(world) if callable(value) else value
        else:
            value = _value_for(field, form[name].value())
        if value is None:
            continue
        if isinstance(value, SimpleUploadedFile):
            files[key] = value
        else:
            data[key] = value
    return {**data, **files}


@pytest.fixture
def world(instansi_bungo, opd_bungo, kepala_bungo, pegawai_bungo, hr_bungo, asn_bungo, superadmin):
    from asnportal.testing.factories import JabatanFactory

    jabatan_lain = JabatanFactory(
        instansi=instansi_bungo, unit_kerja=opd_bungo, nama="Analis Tujuan", jumlah_formasi=3, kebutuhan_abk=3
    )
    PegawaiFactory(instansi=instansi_bungo, jabatan=jabatan_lain, nama="Rekan Sejawat")
    return {
        "opd": opd_bungo,
        "hr": hr_bungo,
        "asn": asn_bungo,
        "superadmin": superadmin,
        "asn_pegawai": pegawai_bungo,
        "kepala": kepala_bungo,
        "jabatan_lain": jabatan_lain,
    }


def _object_for(spec, world, instansi):
    from tests.urlwalk import scoped_factories

    if spec == "skp":
        from kinerja import services as kinerja_services

        return kinerja_services.skp_create(actor=world["asn"], pegawai=world["asn_pegawai"], tahun=TODAY.year)
    if spec == "rhk":
        from kinerja.models import RencanaHasilKerja

        skp = _object_for("skp", world, instansi)
        return RencanaHasilKerja.objects.create(skp=skp, uraian="Hasil kerja uji", urutan=1)
    if spec == "topik":
        from forum import services as forum_services
        from forum.tests.factories import SCOPED_OBJECTS as FORUM

        kategori = FORUM["forum.Kategori"](instansi)
        return forum_services.topik_create(
            actor=world["asn"],
            judul="Topik uji formulir balasan",
            isi="Isi topik uji formulir balasan",
            kategori=kategori,
        )
    from django.apps import apps

    return scoped_factories()[apps.get_model(spec)](instansi)


def _shift_jadwal(world):
    from kehadiran.tests.factories import JadwalKerjaFactory

    return JadwalKerjaFactory(instansi=world["opd"].instansi, berbasis_shift=True, unit_kerja=world["opd"])


@pytest.mark.parametrize("name", sorted(n for n, case in CASES.items() if case is not None))
def test_create_form_succeeds_with_valid_data(name, world, instansi_bungo):
    from django.urls import reverse

    role, spec, overrides = CASES[name]
    kwargs = {}
    if spec is not None:
        kwargs["pk"] = _object_for(spec, world, instansi_bungo).pk
    _INSTANSI["current"] = instansi_bungo
    url = post_url = reverse(name, kwargs=kwargs)
    if name in FORM_PAGE:  # the form is shown on another page and posts here
        url = FORM_PAGE[name](kwargs)
    client = Client()
    client.force_login(world[role])
    page = client.get(url)
    assert page.status_code == 200, f"{name}: GET {url} answered {page.status_code}"
    form = page.context.get("form")
    formset = page.context.get("formset")
    assert form is not None or formset is not None, f"{name}: no form on the page"
    if formset is None:
        payload = fill(form, overrides, world)
    else:
        payload = {**formset.management_form.initial}
        payload = {formset.management_form.add_prefix(k): v for k, v in payload.items()}
        for sub in formset.forms:
            payload.update(fill(sub, overrides, world))
        assert formset.forms, f"{name}: the formset has no rows to fill"
    model = getattr(getattr(form, "_meta", None), "model", None) if formset is None else None
    before = model._default_manager.count() if model is not None else None
    r = client.post(post_url or url, payload)
    errors = {}
    if r.status_code == 200 and r.context:
        errors = getattr(r.context.get("form") or r.context.get("formset"), "errors", {})
        errors = errors or [str(m) for m in r.context.get("messages", [])]
    assert r.status_code in (302, 303), f"{name}: {r.status_code} {errors} with {payload}"
    if model is not None:
        assert model._default_manager.count() == before + 1, f"{name}: no new {model.__name__} row"
