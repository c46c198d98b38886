"""Writes of kehadiran: check-in, import, status recomputation, corrections, leave, thresholds.

Every write is keyword-only, takes `actor`, runs in one transaction with its audit row, and queues background
work after commit (asnportal.jobs.enqueue)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from asnportal import audit, files, jobs, scoping
from asnportal.notify import notify, resolve
from asnportal.tabular import ImportFileError, RowError, read_table
from kepegawaian import atasan as hierarki
from kepegawaian.models import Pegawai

from . import conf, kalender, rules
from .choices import (
    JenisKoreksi,
    JenisPresensi,
    ModeLokasi,
    StatusHarian,
    StatusPengajuan,
    SumberPresensi,
)
from .models import (
    AmbangDisiplin,
    HitungUlang,
    ImporPresensi,
    JenisCuti,
    KoreksiPresensi,
    LokasiKantor,
    PengajuanCuti,
    Presensi,
    SaldoCuti,
    StatusHarianPegawai,
)

# layanan/tasks.py: issues the Surat Izin Cuti of a leave approved by HR.
SURAT_IZIN_CUTI_TASK = "layanan.surat_izin_cuti_task"
CUTI_TERPAKAI = (StatusPengajuan.DIAJUKAN, StatusPengajuan.DISETUJUI_ATASAN, StatusPengajuan.DISETUJUI)


class PresensiDitolak(Exception):
    """A web check-in refused; the message is Indonesian and tells the ASN what to do."""


# --- Daily status --------------------------------------------------------------------------------------------


def hitung_status(
    *, instansi_id: int, mulai: dt.date, selesai: dt.date, pegawai_ids=None, now: dt.datetime | None = None
) -> int:
    """(Re)compute StatusHarianPegawai of active pegawai of an instansi for every date in [mulai, selesai].
    A fixed number of queries whatever the size; rows are upserted on (pegawai, tanggal)."""
    now = now or timezone.now()
    hari_ini = timezone.localdate(now)
    selesai = min(selesai, hari_ini)
    if selesai < mulai:
        return 0
    pegawai_qs = Pegawai.objects.for_instansi(instansi_id).aktif()
    if pegawai_ids is not None:
        pegawai_qs = pegawai_qs.filter(pk__in=pegawai_ids)
    pegawai = list(pegawai_qs.values_list("id", "unit_kerja__path"))
    ids = [p[0] for p in pegawai]
    if not ids:
        return 0
    kal = kalender.muat(instansi_id, mulai - dt.timedelta(days=1), selesai, pegawai_ids=ids)
    tz = timezone.get_current_timezone()
    lo = dt.datetime.combine(mulai - dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    hi = dt.datetime.combine(selesai + dt.timedelta(days=2), dt.time.min, tzinfo=tz)
    rekaman: dict[int, list[rules.Rekaman]] = {}
    for pid, waktu, jenis in Presensi.objects.filter(pegawai_id__in=ids, waktu__range=(lo, hi)).values_list(
        "pegawai_id", "waktu", "jenis"
    ):
        rekaman.setdefault(pid, []).append(rules.Rekaman(waktu, jenis))
    cuti: dict[int, list[tuple[dt.date, dt.date]]] = {}
    for pid, a, b in PengajuanCuti.objects.filter(
        pegawai_id__in=ids,
        status=StatusPengajuan.DISETUJUI,
        tanggal_mulai__lte=selesai,
        tanggal_selesai__gte=mulai,
    ).values_list("pegawai_id", "tanggal_mulai", "tanggal_selesai"):
        cuti.setdefault(pid, []).append((a, b))
    dinas = set(
        KoreksiPresensi.objects.filter(
            pegawai_id__in=ids,
            jenis=JenisKoreksi.DINAS_LUAR,
            status=StatusPengajuan.DISETUJUI,
            tanggal__range=(mulai, selesai),
        ).values_list("pegawai_id", "tanggal")
    )
    sebelum, sesudah = conf.jendela_sebelum(), conf.jendela_sesudah()
    rows = []
    for pid, path in pegawai:
        d = mulai
        while d <= selesai:
            jadwal = kal.jadwal(pegawai_id=pid, unit_path=path, tanggal=d)
            hasil = rules.status_harian(
                jadwal=jadwal,
                rekaman=rekaman.get(pid, ()),
                cuti=any(a <= d <= b for a, b in cuti.get(pid, ())),
                dinas_luar=(pid, d) in dinas,
                now=now,
                sebelum=sebelum,
                sesudah=sesudah,
            )
            rows.append(
                StatusHarianPegawai(
                    pegawai_id=pid,
                    tanggal=d,
                    status=hasil.status,
                    terlambat_menit=hasil.terlambat_menit,
                    pulang_cepat_menit=hasil.pulang_cepat_menit,
                    jam_masuk=hasil.jam_masuk,
                    jam_pulang=hasil.jam_pulang,
                    jadwal_masuk=jadwal.masuk if jadwal else None,
                    jadwal_pulang=jadwal.pulang if jadwal else None,
                    keterangan=(
                        kal.libur.get(d, "") if hasil.status == StatusHarian.LIBUR else hasil.keterangan
                    )[:200],
                    dihitung_pada=now,
                )
            )
            d += dt.timedelta(days=1)
    StatusHarianPegawai.objects.bulk_create(
        rows,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["pegawai", "tanggal"],
        update_fields=[
            "status",
            "terlambat_menit",
            "pulang_cepat_menit",
            "jam_masuk",
            "jam_pulang",
            "jadwal_masuk",
            "jadwal_pulang",
            "keterangan",
            "dihitung_pada",
        ],
    )
    return len(rows)


def _hitung_pegawai(pegawai: Pegawai, mulai: dt.date, selesai: dt.date) -> None:
    hitung_status(instansi_id=pegawai.instansi_id, mulai=mulai, selesai=selesai, pegawai_ids=[pegawai.pk])


def hitung_ulang_minta(*, actor, instansi_id: int, mulai: dt.date, selesai: dt.date) -> HitungUlang:
    """Queue a recomputation of an instansi's daily statuses over a period (HR button, nightly schedule)."""
    if actor is not None and not scoping.can_manage(actor):
        raise PermissionDenied
    with transaction.atomic():
        job = HitungUlang.objects.create(
            instansi_id=instansi_id, mulai=mulai, selesai=selesai, diminta_oleh=actor
        )
        audit.record(actor=actor, action=audit.Action.CREATE, obj=job, instansi_id=instansi_id)
        jobs.enqueue(job, "kehadiran.hitung_ulang_task")
    return job


def hitung_ulang_jalankan(job: HitungUlang) -> None:
    job.jumlah = hitung_status(instansi_id=job.instansi_id, mulai=job.mulai, selesai=job.selesai)


# --- Web check-in ----------------------------------------------------------------------------------------------


def lokasi_untuk(pegawai: Pegawai) -> list[LokasiKantor]:
    """Office locations that govern this pegawai: those of the deepest unit on their path that has any."""
    path = pegawai.unit_kerja.path if pegawai.unit_kerja_id else ""
    semua = [
        lok
        for lok in LokasiKantor.objects.for_instansi(pegawai.instansi_id).select_related("unit_kerja")
        if path.startswith(lok.unit_kerja.path)
    ]
    if not semua:
        return []
    terdalam = max(len(lok.unit_kerja.path) for lok in semua)
    return [lok for lok in semua if len(lok.unit_kerja.path) == terdalam]


def cek_lokasi(pegawai: Pegawai, *, ip, latitude=None, longitude=None, akurasi=None) -> rules.HasilLokasi:
    lokasi = lokasi_untuk(pegawai)
    if not lokasi:
        return rules.HasilLokasi(True, "bebas", "")
    modes = {lok.mode for lok in lokasi}
    # The strictest rule among the unit's locations applies unless one of them allows any check-in.
    mode = (
        ModeLokasi.BEBAS
        if ModeLokasi.BEBAS in modes
        else (
            ModeLokasi.LOKASI_ATAU_JARINGAN
            if ModeLokasi.LOKASI_ATAU_JARINGAN in modes or modes == {ModeLokasi.LOKASI, ModeLokasi.JARINGAN}
            else modes.pop()
        )
    )
    kantor = [
        rules.Kantor(float(lok.latitude), float(lok.longitude), lok.radius_m, lok.nama)
        for lok in lokasi
        if lok.latitude is not None and lok.longitude is not None
    ]
    cidrs = [c for lok in lokasi for c in rules.parse_cidrs(lok.jaringan)]
    return rules.cek_lokasi(
        mode=mode,
        kantor=kantor,
        cidrs=cidrs,
        ip=ip,
        latitude=latitude,
        longitude=longitude,
        akurasi_m=akurasi,
        akurasi_maks_m=conf.akurasi_gps_maks(),
    )


def presensi_web(
    *, actor, jenis: str, ip: str | None, latitude=None, longitude=None, akurasi=None, now=None
) -> Presensi:
    """The ASN checks in or out from the portal. Refused (PresensiDitolak) outside the office radius/network."""
    pegawai = getattr(actor, "pegawai", None)
    if pegawai is None:
        raise PresensiDitolak(_("Akun ini tidak terhubung dengan data pegawai."))
    if jenis not in (JenisPresensi.MASUK, JenisPresensi.PULANG):
        raise PresensiDitolak(_("Jenis presensi tidak dikenal."))
    hasil = cek_lokasi(pegawai, ip=ip, latitude=latitude, longitude=longitude, akurasi=akurasi)
    if not hasil.ok:
        raise PresensiDitolak(hasil.pesan)
    now = (now or timezone.now()).replace(microsecond=0)
    with transaction.atomic():
        try:
            with transaction.atomic():
                rec = Presensi.objects.create(
                    pegawai=pegawai,
                    waktu=now,
                    jenis=jenis,
                    sumber=SumberPresensi.WEB,
                    latitude=Decimal(str(round(latitude, 6)))
                    if latitude is not None and hasil.metode == "lokasi"
                    else None,
                    longitude=Decimal(str(round(longitude, 6)))
                    if longitude is not None and hasil.metode == "lokasi"
                    else None,
                    jarak_m=hasil.jarak_m,
                    alamat_ip=ip,
                    metode_validasi=hasil.metode,
                )
        except IntegrityError as exc:
            raise PresensiDitolak(
                _("Presensi ini sudah tercatat. Tunggu sebentar lalu muat ulang halaman.")
            ) from exc
        audit.record(
            actor=actor, action=audit.Action.CREATE, obj=rec, changes={"jenis": jenis, "metode": hasil.metode}
        )
        hari = timezone.localdate(now)
        _hitung_pegawai(pegawai, hari - dt.timedelta(days=1), hari)
    return rec


# --- Import of fingerprint-machine exports ----------------------------------------------------------------------

IMPOR_KOLOM = [
    ("nip", gettext_lazy("wajib"), "NIP (18 digit) atau NI PPPK pegawai instansi ini", "198001012005011001"),
    ("tanggal", gettext_lazy("wajib*"), "Tanggal pindai: YYYY-MM-DD atau DD/MM/YYYY", "2026-03-02"),
    ("jam", gettext_lazy("wajib*"), "Jam pindai: HH:MM atau HH:MM:SS (WIB)", "07:28:15"),
    (
        "waktu",
        gettext_lazy("opsional"),
        "Pengganti tanggal + jam: YYYY-MM-DD HH:MM[:SS]",
        "2026-03-02 07:28:15",
    ),
    (
        "jenis",
        gettext_lazy("opsional"),
        "masuk, pulang, atau kosong (pindai biasa: masuk = pindai pertama, pulang = terakhir)",
        "masuk",
    ),
    ("mesin", gettext_lazy("opsional"), "Nomor/nama mesin", "FP-01"),
]


def _parse_tanggal(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    s = str(value or "").strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(s, fmt).date()
        except ValueError:
            continue
    raise ValueError(_("tanggal tidak dikenali (gunakan YYYY-MM-DD atau DD/MM/YYYY)"))


def _parse_jam(value) -> dt.time:
    if isinstance(value, dt.datetime):
        return value.time()
    if isinstance(value, dt.time):
        return value
    s = str(value or "").strip()
    for fmt in ("%H:%M:%S", "%H:%M", "%H.%M"):
        try:
            return dt.datetime.strptime(s, fmt).time()
        except ValueError:
            continue
    raise ValueError(_("jam tidak dikenali (gunakan HH:MM atau HH:MM:SS)"))


def _parse_waktu(row) -> dt.datetime:
    tz = timezone.get_current_timezone()
    if row.get("waktu") not in (None, ""):
        v = row["waktu"]
        if isinstance(v, dt.datetime):
            naive = v
        else:
            s = str(v).strip().replace("T", " ")
            parts = s.split(" ", 1)
            if len(parts) != 2:
                raise ValueError(_("waktu harus berisi tanggal dan jam"))
            naive = dt.datetime.combine(_parse_tanggal(parts[0]), _parse_jam(parts[1]))
    else:
        if row.get("tanggal") in (None, "") or row.get("jam") in (None, ""):
            raise ValueError(_("isi kolom tanggal dan jam (atau kolom waktu)"))
        naive = dt.datetime.combine(_parse_tanggal(row["tanggal"]), _parse_jam(row["jam"]))
    return naive.replace(tzinfo=tz, microsecond=0)


def impor_presensi(*, actor, instansi_id: int, uploaded) -> tuple[ImporPresensi | None, list[RowError]]:
    """Import a fingerprint-machine export. All-or-nothing: any row error writes nothing. Rows already in the
    database (same pegawai, time and source) are skipped, so importing the same file twice adds nothing."""
    if not scoping.can_manage(actor):
        raise PermissionDenied
    try:
        table = read_table(uploaded, required=["nip"])
    except ImportFileError as exc:
        return None, [RowError(1, "", str(exc))]
    if "waktu" not in table.headers and not {"tanggal", "jam"} <= set(table.headers):
        return None, [RowError(1, "", _("Kolom waktu, atau kolom tanggal dan jam, wajib ada."))]
    nips = {str(r.get("nip") or "").replace(" ", "").split(".")[0] for r in table.rows}
    pegawai = dict(Pegawai.objects.for_instansi(instansi_id).filter(nip__in=nips).values_list("nip", "id"))
    errors: list[RowError] = []
    parsed: dict[tuple[int, dt.datetime], Presensi] = {}
    now = timezone.now()
    for row in table.rows:
        nip = str(row.get("nip") or "").replace(" ", "").split(".")[0]
        pid = pegawai.get(nip)
        if not nip:
            errors.append(RowError(row["_row"], "nip", _("NIP kosong.")))
            continue
        if pid is None:
            errors.append(
                RowError(row["_row"], "nip", _("NIP %(nip)s tidak ditemukan di instansi ini.") % {"nip": nip})
            )
            continue
        try:
            waktu = _parse_waktu(row)
        except ValueError as exc:
            errors.append(RowError(row["_row"], "tanggal/jam", str(exc)))
            continue
        if waktu > now + dt.timedelta(minutes=5):
            errors.append(RowError(row["_row"], "tanggal/jam", _("waktu di masa depan.")))
            continue
        jenis = str(row.get("jenis") or "").strip().lower() or JenisPresensi.SCAN
        if jenis not in JenisPresensi.values:
            errors.append(RowError(row["_row"], "jenis", _("isi masuk, pulang, atau kosongkan.")))
            continue
        parsed.setdefault(
            (pid, waktu),
            Presensi(
                pegawai_id=pid,
                waktu=waktu,
                jenis=jenis,
                sumber=SumberPresensi.MESIN,
                mesin=str(row.get("mesin") or "")[:60],
            ),
        )
    if errors:
        return None, errors
    if not parsed:
        return None, [RowError(1, "", _("Berkas tidak berisi baris data."))]
    with transaction.atomic():
        existing = set(
            Presensi.objects.filter(
                pegawai_id__in={k[0] for k in parsed},
                sumber=SumberPresensi.MESIN,
                waktu__range=(min(k[1] for k in parsed), max(k[1] for k in parsed)),
            ).values_list("pegawai_id", "waktu")
        )
        baru = [p for k, p in parsed.items() if k not in existing]
        imp = ImporPresensi.objects.create(
            instansi_id=instansi_id,
            nama_berkas=getattr(uploaded, "name", "")[:255] or "impor",
            diimpor_oleh=actor,
            jumlah_baris=len(table.rows),
            jumlah_baru=len(baru),
            jumlah_duplikat=len(table.rows) - len(baru),
        )
        for p in baru:
            p.impor = imp
        # ignore_conflicts: the unique constraint (pegawai, waktu, sumber) is the last word against a
        # concurrent import of the same file.
        Presensi.objects.bulk_create(baru, batch_size=2000, ignore_conflicts=True)
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            reason="impor presensi mesin",
            obj=imp,
            changes={"baris": imp.jumlah_baris, "baru": imp.jumlah_baru, "duplikat": imp.jumlah_duplikat},
        )
        if baru:
            days = [timezone.localdate(p.waktu) for p in baru]
            hitung_status(
                instansi_id=instansi_id,
                mulai=min(days) - dt.timedelta(days=1),
                selesai=max(days),
                pegawai_ids={p.pegawai_id for p in baru},
            )
    return imp, []


# --- Corrections ------------------------------------------------------------------------------------------------


def is_atasan_of(user, pegawai: Pegawai) -> bool:
    """The user decides the pegawai's leave as atasan (or Plt./Plh. of the atasan's position)."""
    return hierarki.may_approve(user, pegawai, hierarki.CUTI)


def _may_decide(user, pegawai: Pegawai) -> bool:
    """The direct atasan decides; when the pegawai has no atasan (top of the tree), HR of the instansi does
    (kepegawaian.atasan.HR_FALLBACK)."""
    return hierarki.may_approve(user, pegawai, hierarki.KOREKSI)


def koreksi_ajukan(*, actor, data: dict) -> KoreksiPresensi:
    pegawai = getattr(actor, "pegawai", None)
    if pegawai is None:
        raise PermissionDenied
    if data["tanggal"] > timezone.localdate():
        raise ValidationError({"tanggal": _("Koreksi hanya untuk hari yang sudah lewat atau hari ini.")})
    jenis = data["jenis"]
    if jenis in (JenisKoreksi.LUPA_MASUK, JenisKoreksi.LUPA_KEDUANYA) and not data.get("jam_masuk"):
        raise ValidationError({"jam_masuk": _("Isi jam masuk sebenarnya.")})
    if jenis in (JenisKoreksi.LUPA_PULANG, JenisKoreksi.LUPA_KEDUANYA) and not data.get("jam_pulang"):
        raise ValidationError({"jam_pulang": _("Isi jam pulang sebenarnya.")})
    data = dict(data)
    bukti = data.pop("bukti", None)
    # The evidence is written first (asnportal.files); a transaction that fails later removes it again.
    with files.swap() as fs, transaction.atomic():
        k = KoreksiPresensi(pegawai=pegawai, diajukan_oleh=actor, **data)
        if bukti:
            fs.put(k, "bukti", bukti)
        try:
            with transaction.atomic():
                k.save()
        except IntegrityError as exc:
            raise ValidationError(
                {"tanggal": _("Sudah ada koreksi yang diajukan atau disetujui untuk tanggal ini.")}
            ) from exc
        audit.record(
            actor=actor, action=audit.Action.CREATE, obj=k, changes=audit.diff({}, audit.snapshot(k))
        )
        notify(
            hierarki.notify_users(pegawai, hierarki.KOREKSI),
            judul=_("Koreksi presensi menunggu keputusan Anda"),
            isi=f"{pegawai.nama_lengkap}: {k}",
            url=reverse("kehadiran:koreksi_detail", args=[k.pk]),
        )
    return k


def koreksi_putuskan(*, actor, koreksi: KoreksiPresensi, setuju: bool, catatan: str = "") -> KoreksiPresensi:
    """The atasan approves or rejects. Approval adds records with source 'koreksi' (or marks a dinas-luar day);
    the original records stay as they were."""
    with transaction.atomic():
        k = KoreksiPresensi.objects.select_for_update().select_related("pegawai").get(pk=koreksi.pk)
        if not _may_decide(actor, k.pegawai):
            raise PermissionDenied
        if k.status != StatusPengajuan.DIAJUKAN:
            raise ValidationError(_("Koreksi ini sudah diputuskan."))
        if not setuju and not catatan.strip():
            raise ValidationError({"catatan": _("Tulis alasan penolakan.")})
        before = audit.snapshot(k, ["status"])
        k.status = StatusPengajuan.DISETUJUI if setuju else StatusPengajuan.DITOLAK
        k.diputuskan_oleh, k.diputuskan_pada, k.catatan_atasan = actor, timezone.now(), catatan
        k.save(update_fields=["status", "diputuskan_oleh", "diputuskan_pada", "catatan_atasan"])
        if setuju and k.jenis != JenisKoreksi.DINAS_LUAR:
            tz = timezone.get_current_timezone()
            for jam, jenis in ((k.jam_masuk, JenisPresensi.MASUK), (k.jam_pulang, JenisPresensi.PULANG)):
                if jam is None:
                    continue
                waktu = dt.datetime.combine(k.tanggal, jam, tzinfo=tz)
                if jenis == JenisPresensi.PULANG and k.jam_masuk and jam <= k.jam_masuk:
                    waktu += dt.timedelta(days=1)  # night shift: check-out on the next date
                Presensi.objects.get_or_create(
                    pegawai=k.pegawai,
                    waktu=waktu,
                    sumber=SumberPresensi.KOREKSI,
                    defaults={"jenis": jenis, "koreksi": k},
                )
        audit.record(
            actor=actor,
            action=audit.Action.WORKFLOW,
            obj=k,
            changes={
                **audit.diff(before, audit.snapshot(k, ["status"])),
                **hierarki.audit_kapasitas(actor, k.pegawai, hierarki.KOREKSI),
            },
            reason=catatan,
        )
        resolve(reverse("kehadiran:koreksi_detail", args=[k.pk]))
        _hitung_pegawai(k.pegawai, k.tanggal, k.tanggal)
        notify(
            [getattr(k.pegawai, "user", None)],
            judul=_("Koreksi presensi %(tgl)s %(hasil)s")
            % {
                "tgl": k.tanggal.strftime("%d-%m-%Y"),
                "hasil": _("disetujui") if setuju else _("ditolak"),
            },
            isi=catatan,
            url=reverse("kehadiran:koreksi_detail", args=[k.pk]),
        )
    return k


# --- Leave ------------------------------------------------------------------------------------------------------


def jenis_cuti_awal(*, instansi_id: int) -> int:
    """Create the instansi's leave kinds from kehadiran.conf when missing (idempotent)."""
    from .choices import KodeCuti

    n = 0
    for kode, pns, pppk, hak, tangguhan, potong, bukti, maks in conf.JENIS_CUTI_AWAL:
        _obj, created = JenisCuti.objects.get_or_create(
            instansi_id=instansi_id,
            kode=kode,
            defaults={
                "nama": KodeCuti(kode).label,
                "untuk_pns": pns,
                "untuk_pppk": pppk,
                "hak_hari_per_tahun": hak,
                "maks_tangguhan_hari": tangguhan,
                "potong_saldo": potong,
                "perlu_bukti": bukti,
                "maks_hari_per_pengajuan": maks,
            },
        )
        n += created
    return n


def _terpakai(pegawai_id: int, jenis_id: int, tahun: int, exclude_pk=None) -> int:
    qs = PengajuanCuti.objects.filter(
        pegawai_id=pegawai_id, jenis_id=jenis_id, tanggal_mulai__year=tahun, status__in=CUTI_TERPAKAI
    )
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.aggregate(n=Sum("jumlah_hari"))["n"] or 0


def saldo_get_or_create(*, pegawai: Pegawai, jenis: JenisCuti, tahun: int) -> SaldoCuti:
    """The year's balance row; created on first use with the entitlement of JenisCuti and the carry-over of last
    year's remainder (capped by JenisCuti.maks_tangguhan_hari)."""
    saldo = SaldoCuti.objects.filter(pegawai=pegawai, jenis=jenis, tahun=tahun).first()
    if saldo is not None:
        return saldo
    tangguhan = 0
    lalu = SaldoCuti.objects.filter(pegawai=pegawai, jenis=jenis, tahun=tahun - 1).first()
    if lalu is not None and jenis.maks_tangguhan_hari:
        sisa = rules.saldo_cuti(
            hak=lalu.hak_hari,
            tangguhan=lalu.tangguhan_hari,
            penyesuaian=lalu.penyesuaian_hari,
            terpakai=_terpakai(pegawai.pk, jenis.pk, tahun - 1),
        )
        tangguhan = rules.tangguhan_cuti(sisa, jenis.maks_tangguhan_hari)
    saldo, _created = SaldoCuti.objects.get_or_create(
        pegawai=pegawai,
        jenis=jenis,
        tahun=tahun,
        defaults={"hak_hari": jenis.hak_hari_per_tahun or 0, "tangguhan_hari": tangguhan},
    )
    return saldo


def _kalender_pegawai(pegawai: Pegawai, mulai: dt.date, selesai: dt.date):
    kal = kalender.muat(pegawai.instansi_id, mulai, selesai, pegawai_ids=[pegawai.pk])
    path = pegawai.unit_kerja.path if pegawai.unit_kerja_id else ""
    return lambda d: kal.is_hari_kerja(pegawai_id=pegawai.pk, unit_path=path, tanggal=d)


def cuti_ajukan(*, actor, data: dict) -> PengajuanCuti:
    pegawai = getattr(actor, "pegawai", None)
    if pegawai is None:
        raise PermissionDenied
    jenis: JenisCuti = data["jenis"]
    if jenis.instansi_id != pegawai.instansi_id or not jenis.aktif:
        raise ValidationError({"jenis": _("Jenis cuti tidak tersedia.")})
    if not rules.boleh_jenis_cuti(
        pegawai.status_kepegawaian, untuk_pns=jenis.untuk_pns, untuk_pppk=jenis.untuk_pppk
    ):
        raise ValidationError(
            {
                "jenis": _("%(jenis)s tidak berlaku untuk %(status)s.")
                % {"jenis": jenis.nama, "status": pegawai.status_kepegawaian}
            }
        )
    mulai, selesai = data["tanggal_mulai"], data["tanggal_selesai"]
    if selesai < mulai:
        raise ValidationError({"tanggal_selesai": _("Tanggal selesai tidak boleh sebelum tanggal mulai.")})
    if jenis.perlu_bukti and not data.get("bukti"):
        raise ValidationError({"bukti": _("%(jenis)s wajib melampirkan bukti.") % {"jenis": jenis.nama}})
    data = dict(data)
    bukti = data.pop("bukti", None)
    # The attachment is written first (asnportal.files); a transaction that fails later removes it again.
    with files.swap() as fs, transaction.atomic():
        Pegawai.objects.select_for_update().filter(pk=pegawai.pk).first()  # one request at a time per pegawai
        hari = rules.hari_cuti(mulai, selesai, _kalender_pegawai(pegawai, mulai, selesai))
        if hari == 0:
            raise ValidationError({"tanggal_selesai": _("Rentang tanggal tidak berisi hari kerja.")})
        if hari > jenis.maks_hari_per_pengajuan:
            raise ValidationError(
                {
                    "tanggal_selesai": _("Paling lama %(n)s hari kerja per pengajuan.")
                    % {"n": jenis.maks_hari_per_pengajuan}
                }
            )
        bentrok = PengajuanCuti.objects.filter(
            pegawai=pegawai, status__in=CUTI_TERPAKAI, tanggal_mulai__lte=selesai, tanggal_selesai__gte=mulai
        ).exists()
        if bentrok:
            raise ValidationError({"tanggal_mulai": _("Sudah ada pengajuan cuti pada rentang tanggal ini.")})
        if jenis.potong_saldo:
            saldo = saldo_get_or_create(pegawai=pegawai, jenis=jenis, tahun=mulai.year)
            sisa = rules.saldo_cuti(
                hak=saldo.hak_hari,
                tangguhan=saldo.tangguhan_hari,
                penyesuaian=saldo.penyesuaian_hari,
                terpakai=_terpakai(pegawai.pk, jenis.pk, mulai.year),
            )
            if hari > sisa:
                raise ValidationError(
                    {
                        "tanggal_selesai": _(
                            "Saldo %(jenis)s tinggal %(sisa)s hari; pengajuan ini %(hari)s hari."
                        )
                        % {"jenis": jenis.nama, "sisa": sisa, "hari": hari}
                    }
                )
        c = PengajuanCuti(
            pegawai=pegawai,
            diajukan_oleh=actor,
            jumlah_hari=hari,
            status=StatusPengajuan.DIAJUKAN
            if hierarki.atasan_of(pegawai) is not None
            else StatusPengajuan.DISETUJUI_ATASAN,
            **data,
        )
        if bukti:
            fs.put(c, "bukti", bukti)
        c.save(force_insert=True)
        audit.record(
            actor=actor, action=audit.Action.CREATE, obj=c, changes=audit.diff({}, audit.snapshot(c))
        )
        notify(
            hierarki.notify_users(pegawai, hierarki.CUTI),
            judul=_("Pengajuan cuti menunggu persetujuan Anda"),
            isi=f"{pegawai.nama_lengkap}: {c} ({hari} hari)",
            url=reverse("kehadiran:cuti_detail", args=[c.pk]),
        )
    return c


def _cuti_ubah(actor, cuti, status, catatan, kapasitas: dict | None = None, **fields):
    before = audit.snapshot(cuti, ["status"])
    cuti.status = status
    cuti.catatan = catatan or cuti.catatan
    for k, v in fields.items():
        setattr(cuti, k, v)
    cuti.save()
    audit.record(
        actor=actor,
        action=audit.Action.WORKFLOW,
        obj=cuti,
        changes={**audit.diff(before, audit.snapshot(cuti, ["status"])), **(kapasitas or {})},
        reason=catatan,
    )
    resolve(reverse("kehadiran:cuti_detail", args=[cuti.pk]))


def cuti_putuskan_atasan(*, actor, cuti: PengajuanCuti, setuju: bool, catatan: str = "") -> PengajuanCuti:
    with transaction.atomic():
        c = PengajuanCuti.objects.select_for_update().select_related("pegawai").get(pk=cuti.pk)
        if not is_atasan_of(actor, c.pegawai):
            raise PermissionDenied
        if c.status != StatusPengajuan.DIAJUKAN:
            raise ValidationError(_("Pengajuan ini tidak menunggu keputusan atasan."))
        if not setuju and not catatan.strip():
            raise ValidationError({"catatan": _("Tulis alasan penolakan.")})
        _cuti_ubah(
            actor,
            c,
            StatusPengajuan.DISETUJUI_ATASAN if setuju else StatusPengajuan.DITOLAK,
            catatan,
            kapasitas=hierarki.audit_kapasitas(actor, c.pegawai, hierarki.CUTI),
            atasan_oleh=actor,
            atasan_pada=timezone.now(),
            # In which capacity the atasan decided ("Plt. Kepala Bidang …"), for the Surat Izin Cuti.
            atasan_kapasitas=hierarki.jabatan_kapasitas(actor, c.pegawai, hierarki.CUTI)[:200],
        )
        notify(
            [getattr(c.pegawai, "user", None)],
            judul=_("Cuti Anda disetujui atasan, diteruskan ke SDM")
            if setuju
            else _("Cuti Anda ditolak atasan"),
            isi=catatan,
            url=reverse("kehadiran:cuti_detail", args=[c.pk]),
        )
    return c


def cuti_putuskan_sdm(*, actor, cuti: PengajuanCuti, setuju: bool, catatan: str = "") -> PengajuanCuti:
    with transaction.atomic():
        c = PengajuanCuti.objects.select_for_update().select_related("pegawai").get(pk=cuti.pk)
        if not scoping.can_manage(actor) or (
            not scoping.is_superadmin(actor) and actor.instansi_id != c.pegawai.instansi_id
        ):
            raise PermissionDenied
        if c.status != StatusPengajuan.DISETUJUI_ATASAN:
            raise ValidationError(_("Pengajuan ini belum disetujui atasan atau sudah diputuskan."))
        if not setuju and not catatan.strip():
            raise ValidationError({"catatan": _("Tulis alasan penolakan.")})
        _cuti_ubah(
            actor,
            c,
            StatusPengajuan.DISETUJUI if setuju else StatusPengajuan.DITOLAK,
            catatan,
            sdm_oleh=actor,
            sdm_pada=timezone.now(),
        )
        if setuju:
            _hitung_pegawai(c.pegawai, c.tanggal_mulai, c.tanggal_selesai)
            # The Surat Izin Cuti is issued in the background by the layanan app (named by string: kehadiran does
            # not import layanan); published after commit, never blocking the page, issued once.
            cuti_id = c.pk
            transaction.on_commit(lambda: jobs.publish(SURAT_IZIN_CUTI_TASK, cuti_id))
        notify(
            [getattr(c.pegawai, "user", None)],
            judul=_("Cuti Anda disetujui") if setuju else _("Cuti Anda ditolak SDM"),
            isi=catatan,
            url=reverse("kehadiran:cuti_detail", args=[c.pk]),
        )
    return c


def cuti_batalkan(*, actor, cuti: PengajuanCuti) -> PengajuanCuti:
    """The ASN withdraws a request that has not started yet (or is still pending)."""
    with transaction.atomic():
        c = PengajuanCuti.objects.select_for_update().select_related("pegawai").get(pk=cuti.pk)
        if getattr(actor, "pegawai_id", None) != c.pegawai_id:
            raise PermissionDenied
        if c.status not in CUTI_TERPAKAI:
            raise ValidationError(_("Pengajuan ini tidak dapat dibatalkan."))
        if c.status == StatusPengajuan.DISETUJUI and c.tanggal_mulai <= timezone.localdate():
            raise ValidationError(_("Cuti yang sudah berjalan tidak dapat dibatalkan; hubungi SDM."))
        _cuti_ubah(actor, c, StatusPengajuan.DIBATALKAN, "")
        _hitung_pegawai(c.pegawai, c.tanggal_mulai, c.tanggal_selesai)
    return c


# --- Discipline thresholds --------------------------------------------------------------------------------------


def ambang_simpan(*, actor, data: dict) -> AmbangDisiplin:
    if not scoping.can_read_others(actor) or actor.instansi_id is None:
        raise PermissionDenied
    with transaction.atomic():
        obj, _created = AmbangDisiplin.objects.update_or_create(
            user=actor, defaults={**data, "instansi_id": actor.instansi_id}
        )
        audit.record(
            actor=actor, action=audit.Action.UPDATE, obj=obj, changes={k: str(v) for k, v in data.items()}
        )
    return obj


def libur_nasional_muat(*, tahun_list=None) -> int:
    """Load the national holidays and cuti bersama of kehadiran/libur_nasional.py into LiburNasional. Only
    dates not yet present are added: a row the superadmin edited (or deleted and re-added) is never
    overwritten. Idempotent; returns how many rows were added."""
    from .libur_nasional import DATA
    from .models import LiburNasional

    n = 0
    with transaction.atomic():
        for tahun in tahun_list or sorted(DATA):
            for tanggal, nama, jenis, sumber in DATA.get(tahun, []):
                _, created = LiburNasional.objects.get_or_create(
                    tanggal=tanggal, defaults={"nama": nama, "jenis": jenis, "sumber": sumber}
                )
                n += created
    return n
