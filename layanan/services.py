"""Writes of the layanan: each step is a service with its audit row in the same transaction; notifications and
background jobs are published after commit."""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from asnportal import audit, jobs, scoping
from asnportal.dokumen import render as core_render
from asnportal.dokumen import services as dokumen_services
from asnportal.notify import notify
from kehadiran.choices import StatusPengajuan
from kehadiran.models import PengajuanCuti
from kepegawaian import rules as kp_rules
from kepegawaian.choices import JenisKenaikanPangkat, StatusAktif, StatusKepegawaian
from kepegawaian.models import Pegawai, RiwayatPangkat
from kepegawaian.services import pegawai_update

from . import conf, rules, selectors
from .choices import STATUS_TERBUKA, AksiMassal, JenisLayanan, StatusBerkas, StatusUsul, SubJenis
from .dokumen import JENIS_SK, SURAT_IZIN_CUTI
from .models import BerkasUsul, GajiPokok, ProsesMassal, RiwayatGajiBerkala, SyaratDokumen, Usul

logger = logging.getLogger(__name__)


# --- Permissions ------------------------------------------------------------------------------------------------
def _same_instansi(actor, instansi_id) -> bool:
    return scoping.is_superadmin(actor) or getattr(actor, "instansi_id", None) == instansi_id


def _require_hr(actor, instansi_id):
    if not (scoping.can_manage(actor) and _same_instansi(actor, instansi_id)):
        raise PermissionDenied


def is_pejabat(actor, instansi) -> bool:
    """The pejabat who approves usul: the head of the personnel agency (or a superadmin)."""
    if scoping.is_superadmin(actor):
        return True
    pejabat = selectors.pejabat_kepegawaian(instansi)
    return pejabat is not None and getattr(actor, "pegawai_id", None) == pejabat.pk


def _may_upload(actor, usul: Usul) -> bool:
    own = getattr(actor, "pegawai_id", None) == usul.pegawai_id
    return own or (scoping.can_manage(actor) and _same_instansi(actor, usul.instansi_id))


def _user_of(pegawai):
    return getattr(pegawai, "user", None)


def _notify_pegawai(usul: Usul, judul: str, isi: str = ""):
    notify([_user_of(usul.pegawai)], judul=judul, isi=isi, url=reverse("layanan:usul_detail", args=[usul.pk]))


# --- Surat Izin Cuti ---------------------------------------------------------------------------------------------
def kapasitas_penyetuju(cuti: PengajuanCuti) -> str:
    """ "Plt."/"Plh." when the approver acted for the post, else "".

    kehadiran's atasan approval stores the capacity line on the leave (`atasan_kapasitas`, e.g. "Plt. Kepala
    Bidang Mutasi"); this returns its "Plt."/"Plh." head."""
    value = (cuti.atasan_kapasitas or "").strip()
    head = value.split(" ", 1)[0]
    return head if head in ("Plt.", "Plh.") else value


def _penyetuju_cuti(cuti: PengajuanCuti) -> Pegawai | None:
    """The official who granted the leave: the atasan who approved it, else the head of the personnel agency."""
    atasan = cuti.atasan_oleh
    if atasan is not None and getattr(atasan, "pegawai_id", None):
        return Pegawai.objects.select_related("jabatan", "unit_kerja").get(pk=atasan.pegawai_id)
    return selectors.pejabat_kepegawaian(cuti.pegawai.instansi)


def surat_izin_cuti_terbitkan(*, actor, cuti: PengajuanCuti, base_url: str | None = None):
    """Issue the Surat Izin Cuti of an approved leave (numbered, signed by the approver, "Plt." where relevant).
    Nothing is done twice: a valid surat for the leave is returned as it is."""
    with transaction.atomic():
        c = (
            PengajuanCuti.objects.select_for_update(of=("self",))
            .select_related(
                "pegawai__instansi", "pegawai__jabatan", "pegawai__unit_kerja", "jenis", "atasan_oleh"
            )
            .get(pk=cuti.pk)
        )
        _require_hr(actor, c.pegawai.instansi_id)
        if c.status != StatusPengajuan.DISETUJUI:
            raise ValidationError(_("Surat izin cuti hanya untuk cuti yang sudah disetujui."))
        ada = dokumen_services.dokumen_untuk(c, SURAT_IZIN_CUTI.kode).filter(status="berlaku").first()
        if ada is not None:
            return ada
        instansi = c.pegawai.instansi
        penyetuju = _penyetuju_cuti(c)
        kapasitas = kapasitas_penyetuju(c)
        # kehadiran stores the whole position line ("Plt. Kepala Bidang Mutasi"): print "Plt." + that position,
        # not the acting official's own jabatan.
        jabatan_plt = None
        if kapasitas and (c.atasan_kapasitas or "").startswith(kapasitas + " "):
            jabatan_plt = c.atasan_kapasitas[len(kapasitas) :].strip() or None
        if not rules.kapasitas_boleh_tanda_tangan("cuti", kapasitas, kode_cuti=c.jenis.kode):
            raise ValidationError(_("Plt./Plh. tidak berwenang memberikan cuti di luar tanggungan negara."))
        judul = f"Surat Izin {c.jenis.nama}"
        dok = dokumen_services.dokumen_terbitkan(
            actor=actor,
            instansi=instansi,
            jenis=SURAT_IZIN_CUTI.kode,
            judul=judul,
            pemegang_nama=c.pegawai.nama_lengkap,
            pegawai=c.pegawai,
            konteks={
                "judul": judul,
                "cuti": c,
                "p": selectors.data_pegawai(c.pegawai),
                "hari_terbilang": rules.terbilang(c.jumlah_hari),
                "mulai": core_render.tanggal_panjang(c.tanggal_mulai),
                "selesai": core_render.tanggal_panjang(c.tanggal_selesai),
            },
            ttd=selectors.ttd_pegawai(penyetuju, instansi, kapasitas=kapasitas, jabatan=jabatan_plt),
            penandatangan=penyetuju,
            sumber=c,
            base_url=base_url,
        )
        notify(
            [_user_of(c.pegawai)],
            judul=_("Surat izin cuti Anda terbit"),
            isi=dok.nomor,
            url=reverse("kehadiran:cuti_detail", args=[c.pk]),
        )
    return dok


def surat_izin_cuti_otomatis(cuti_id: int):
    """Background issue after the final (HR) approval of a leave (layanan.surat_izin_cuti_task, published by
    kehadiran after commit). Issued in the name of the HR officer who approved it; idempotent through
    surat_izin_cuti_terbitkan (row lock + an existing valid surat is returned). A leave that is no longer approved,
    or whose surat may not be signed (a Plt. and CLTN), is logged and left to HR's button."""
    c = PengajuanCuti.objects.select_related("sdm_oleh").filter(pk=cuti_id).first()
    if c is None or c.status != StatusPengajuan.DISETUJUI or c.sdm_oleh is None:
        return None
    try:
        return surat_izin_cuti_terbitkan(actor=c.sdm_oleh, cuti=c)
    except (ValidationError, PermissionDenied) as exc:
        logger.warning("surat izin cuti %s not issued automatically: %s", cuti_id, exc)
        return None


def surat_izin_cuti_susulan(*, sekarang=None, hari: int = 7) -> int:
    """Catch-up (beat, every 10 minutes): issue the surat of leaves HR approved in the last `hari` days that have
    none yet, because the broker was down when the approval was published or the worker lost the task. Returns
    how many were issued. Older leaves are left to HR's button (nothing is issued retroactively en masse)."""
    from django.db.models import CharField, Exists, OuterRef
    from django.db.models.functions import Cast

    from asnportal.dokumen.models import Dokumen

    now = sekarang or timezone.now()
    punya_surat = Dokumen.objects.filter(
        jenis=SURAT_IZIN_CUTI.kode,
        status="berlaku",
        sumber_jenis=PengajuanCuti._meta.label,
        sumber_id=Cast(OuterRef("pk"), CharField()),
    )
    ids = list(
        PengajuanCuti.objects.filter(
            status=StatusPengajuan.DISETUJUI,
            sdm_oleh__isnull=False,
            sdm_pada__gte=now - dt.timedelta(days=hari),
            sdm_pada__lt=now - dt.timedelta(minutes=2),
        )
        .exclude(Exists(punya_surat))
        .values_list("pk", flat=True)[:200]
    )
    return sum(1 for pk in ids if surat_izin_cuti_otomatis(pk) is not None)


# --- Checklist and salary table ----------------------------------------------------------------------------------
def syarat_pastikan(*, instansi_id: int) -> None:
    """Seed the instansi's checklists from conf.SYARAT_BAWAAN once (idempotent)."""
    if SyaratDokumen.objects.filter(instansi_id=instansi_id).exists():
        return
    rows = []
    for layanan, items in conf.SYARAT_BAWAAN.items():
        for i, (kode, nama, wajib, sub) in enumerate(items):
            rows.append(
                SyaratDokumen(
                    instansi_id=instansi_id,
                    layanan=layanan,
                    sub_jenis=sub,
                    kode=kode,
                    nama=nama,
                    wajib=wajib,
                    urutan=i,
                )
            )
    SyaratDokumen.objects.bulk_create(rows, ignore_conflicts=True)


def _syarat_untuk(instansi_id: int, layanan: str, sub_jenis: str):
    syarat_pastikan(instansi_id=instansi_id)
    return (
        SyaratDokumen.objects.filter(instansi_id=instansi_id, layanan=layanan, aktif=True)
        .filter(sub_jenis__in=["", sub_jenis])
        .order_by("urutan", "id")
    )


def tabel_gaji(pada: dt.date) -> tuple[dict, set]:
    """{(golongan, mkg): gaji} of the table in force on `pada`, and the set of confirmed cells."""
    berlaku = (
        GajiPokok.objects.filter(berlaku_mulai__lte=pada)
        .order_by("-berlaku_mulai")
        .values_list("berlaku_mulai", flat=True)
        .first()
    )
    if berlaku is None:
        return {}, set()
    rows = GajiPokok.objects.filter(berlaku_mulai=berlaku).values_list(
        "golongan", "mkg", "gaji_pokok", "terkonfirmasi"
    )
    tabel = {(g, m): v for g, m, v, _ok in rows}
    ok = {(g, m) for g, m, _v, k in rows if k}
    return tabel, ok


def _mkg(pegawai: Pegawai, pada: dt.date) -> int:
    """Masa kerja golongan in whole years on `pada`: the last KGB's MKG plus the years since, else the years since
    TMT CPNS. UNCONFIRMED: the MKG cuts of earlier promotions across golongan I→II / II→III (rules.POTONG_MKG)
    are not reconstructed from history; the SK shows the MKG so HR can check it before approval."""
    last = RiwayatGajiBerkala.objects.filter(pegawai=pegawai, tmt__lte=pada).order_by("-tmt").first()
    if last is not None:
        return last.mkg_tahun + kp_rules.usia(last.tmt, pada)
    if not pegawai.tmt_cpns:
        return 0
    return max(kp_rules.usia(pegawai.tmt_cpns, pada), 0)


# --- Usul: open ---------------------------------------------------------------------------------------------------
def _hitung(usul: Usul, p: Pegawai) -> None:
    """Fill the layanan-specific figures of an usul from the pegawai's record and the rules."""
    usul.golongan_lama = p.golongan or ""
    if usul.layanan == JenisLayanan.KP:
        usul.golongan_baru = kp_rules.golongan_berikut(p.golongan) or ""
        if not usul.golongan_baru:
            raise ValidationError(_("%(nama)s sudah di golongan tertinggi.") % {"nama": p.nama_lengkap})
    elif usul.layanan == JenisLayanan.KGB:
        usul.golongan_baru = p.golongan or ""
        mkg = _mkg(p, usul.tmt)
        usul.mkg_tahun = mkg
        usul.kgb_berikut = rules.kgb_berikut(usul.tmt)
        tabel, ok = tabel_gaji(usul.tmt)
        baru, step = rules.gaji_pokok(tabel, p.golongan, mkg)
        lama, _step = rules.gaji_pokok(tabel, p.golongan, max(mkg - rules.KGB_LANGKAH_TAHUN, 0))
        usul.gaji_pokok_baru, usul.gaji_pokok_lama = baru, lama
        usul.gaji_terkonfirmasi = (p.golongan, step) in ok if step is not None else False
    elif usul.layanan == JenisLayanan.PENSIUN:
        jenis = p.jabatan.jenis if p.jabatan_id else ""
        jenjang = p.jabatan.jenjang if p.jabatan_id else ""
        usul.bup = kp_rules.bup(jenis, jenjang)
        usul.tanggal_bup = kp_rules.tanggal_bup(p.tanggal_lahir, usul.bup)
        usul.tmt = kp_rules.tmt_pensiun(p.tanggal_lahir, usul.bup)


def usul_buat(
    *, actor, layanan: str, pegawai: Pegawai, tmt: dt.date | None = None, sub_jenis: str = ""
) -> Usul:
    """HR opens an usul for a pegawai (KP: tmt = the period; KGB: tmt = the KGB date; pensiun: TMT from BUP)."""
    _require_hr(actor, pegawai.instansi_id)
    if pegawai.status_aktif != StatusAktif.AKTIF:
        raise ValidationError(_("%(nama)s tidak aktif.") % {"nama": pegawai.nama_lengkap})
    if (
        layanan in (JenisLayanan.KP, JenisLayanan.KGB)
        and pegawai.status_kepegawaian == StatusKepegawaian.PPPK
    ):
        raise ValidationError(_("Kenaikan pangkat dan KGB hanya untuk PNS."))
    sub_jenis = (
        sub_jenis
        or {
            JenisLayanan.KP: SubJenis.REGULER,
            JenisLayanan.KGB: SubJenis.KGB,
            JenisLayanan.PENSIUN: SubJenis.BUP,
        }[layanan]
    )
    if layanan == JenisLayanan.KP and tmt and (tmt.day != 1 or tmt.month not in kp_rules.BULAN_PERIODE_KP):
        raise ValidationError(
            _("TMT kenaikan pangkat harus salah satu periode (1 Feb, Apr, Jun, Agu, Okt, Des).")
        )
    with transaction.atomic():
        p = Pegawai.objects.select_for_update(of=("self",)).select_related("jabatan").get(pk=pegawai.pk)
        usul = Usul(
            instansi_id=p.instansi_id,
            layanan=layanan,
            sub_jenis=sub_jenis,
            pegawai=p,
            tmt=tmt or timezone.localdate(),
            dibuat_oleh=actor,
        )
        _hitung(usul, p)
        if Usul.objects.filter(pegawai=p, layanan=layanan, tmt=usul.tmt, status__in=STATUS_TERBUKA).exists():
            raise ValidationError(
                _("%(nama)s sudah memiliki usul yang berjalan untuk TMT ini.") % {"nama": p.nama_lengkap}
            )
        usul.save()
        BerkasUsul.objects.bulk_create(
            [BerkasUsul(usul=usul, syarat=s) for s in _syarat_untuk(p.instansi_id, layanan, sub_jenis)]
        )
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            obj=usul,
            changes={"layanan": layanan, "tmt": str(usul.tmt), "golongan_baru": usul.golongan_baru},
        )
        _notify_pegawai(
            usul,
            _("Usul %(l)s dibuka untuk Anda") % {"l": usul.get_layanan_display().lower()},
            _("Unggah dokumen persyaratan di portal."),
        )
    return usul


def usul_buat_banyak(
    *, actor, layanan: str, pegawai_ids: list[int], tmt: dt.date | None
) -> tuple[list, list]:
    """Open usul for a batch from the due list; returns (created, [(pegawai, reason)] skipped)."""
    dibuat, dilewati = [], []
    qs = Pegawai.objects.for_user(actor).filter(pk__in=pegawai_ids).select_related("jabatan")
    for p in qs:
        try:
            dibuat.append(usul_buat(actor=actor, layanan=layanan, pegawai=p, tmt=tmt))
        except ValidationError as exc:
            dilewati.append((p, " ".join(exc.messages)))
    return dibuat, dilewati


# --- Usul: documents ----------------------------------------------------------------------------------------------
def berkas_unggah(*, actor, berkas: BerkasUsul, file) -> BerkasUsul:
    """The ASN (or HR for them) uploads one checklist document. The previous file is deleted after commit."""
    with transaction.atomic():
        b = BerkasUsul.objects.select_for_update().select_related("usul__pegawai", "syarat").get(pk=berkas.pk)
        if not _may_upload(actor, b.usul):
            raise PermissionDenied
        if b.usul.status not in (StatusUsul.BERKAS, StatusUsul.PERBAIKAN, StatusUsul.DIAJUKAN):
            raise ValidationError(_("Berkas usul ini tidak dapat diubah lagi."))
        if b.status == StatusBerkas.DITERIMA:
            raise ValidationError(_("Berkas ini sudah diterima; tidak perlu diunggah ulang."))
        old = b.berkas.name if b.berkas else ""
        b.berkas.save(file.name, file, save=False)
        b.status = StatusBerkas.DIUNGGAH
        b.alasan = ""
        b.diunggah_oleh = actor
        b.diunggah_pada = timezone.now()
        b.save()
        audit.record(actor=actor, action=audit.Action.UPDATE, obj=b.usul, changes={"berkas": b.syarat.kode})
        if old:
            storage = b.berkas.storage
            transaction.on_commit(lambda: storage.delete(old))
    return b


def usul_ajukan(*, actor, usul: Usul) -> Usul:
    """Submit the usul for verification once every required document is uploaded."""
    with transaction.atomic():
        u = Usul.objects.select_for_update().get(pk=usul.pk)
        if not _may_upload(actor, u):
            raise PermissionDenied
        if u.status not in (StatusUsul.BERKAS, StatusUsul.PERBAIKAN):
            raise ValidationError(_("Usul ini sudah diajukan."))
        kurang = [
            b.syarat.nama
            for b in u.berkas.select_related("syarat")
            if b.syarat.wajib and b.status in (StatusBerkas.BELUM, StatusBerkas.DIKEMBALIKAN)
        ]
        if kurang:
            raise ValidationError(_("Lengkapi dahulu: %(d)s.") % {"d": "; ".join(kurang)})
        u.status = StatusUsul.DIAJUKAN
        u.save(update_fields=["status", "updated_at"])
        audit.record(
            actor=actor,
            action=audit.Action.WORKFLOW,
            obj=u,
            changes={"status": [StatusUsul.BERKAS, u.status]},
        )
    return u


def _cek_lengkap(u: Usul) -> None:
    """After a verification: all required accepted → terverifikasi; any returned → perbaikan."""
    berkas = list(u.berkas.select_related("syarat"))
    if any(b.status == StatusBerkas.DIKEMBALIKAN for b in berkas):
        u.status = StatusUsul.PERBAIKAN
    elif (
        all(b.status == StatusBerkas.DITERIMA for b in berkas if b.syarat.wajib)
        and u.status == StatusUsul.DIAJUKAN
    ):
        u.status = StatusUsul.TERVERIFIKASI
    u.save(update_fields=["status", "updated_at"])


def berkas_verifikasi(*, actor, berkas: BerkasUsul, terima: bool, alasan: str = "") -> BerkasUsul:
    """HR accepts a document or returns it with a reason; the ASN is notified of a return."""
    with transaction.atomic():
        b = BerkasUsul.objects.select_for_update().select_related("usul", "syarat").get(pk=berkas.pk)
        u = Usul.objects.select_for_update().select_related("pegawai").get(pk=b.usul_id)
        _require_hr(actor, u.instansi_id)
        if u.status not in (StatusUsul.DIAJUKAN, StatusUsul.PERBAIKAN, StatusUsul.BERKAS):
            raise ValidationError(_("Usul ini tidak sedang diverifikasi."))
        if b.status != StatusBerkas.DIUNGGAH:
            raise ValidationError(
                _("Hanya berkas yang sudah diunggah dan belum diperiksa yang dapat diverifikasi.")
            )
        if not terima and not alasan.strip():
            raise ValidationError({"alasan": _("Tulis alasan pengembalian berkas.")})
        b.status = StatusBerkas.DITERIMA if terima else StatusBerkas.DIKEMBALIKAN
        b.alasan = "" if terima else alasan.strip()
        b.diverifikasi_oleh = actor
        b.diverifikasi_pada = timezone.now()
        b.save()
        before = u.status
        _cek_lengkap(u)
        audit.record(
            actor=actor,
            action=audit.Action.WORKFLOW,
            obj=u,
            changes={"berkas": b.syarat.kode, "hasil": b.status, "status": [before, u.status]},
            reason=b.alasan,
        )
        if not terima:
            _notify_pegawai(u, _("Berkas usul Anda dikembalikan: %(d)s") % {"d": b.syarat.nama}, b.alasan)
        elif u.status == StatusUsul.TERVERIFIKASI:
            _notify_pegawai(u, _("Berkas usul Anda lengkap dan terverifikasi"))
    return b


# --- Usul: decision, SK, TMT ------------------------------------------------------------------------------------
def usul_setujui(*, actor, usul: Usul) -> Usul:
    """The pejabat approves a verified usul."""
    with transaction.atomic():
        u = Usul.objects.select_for_update().select_related("instansi", "pegawai").get(pk=usul.pk)
        if not is_pejabat(actor, u.instansi):
            raise PermissionDenied
        if u.status != StatusUsul.TERVERIFIKASI:
            raise ValidationError(_("Hanya usul yang berkasnya sudah terverifikasi yang dapat disetujui."))
        if u.layanan == JenisLayanan.KGB and not u.gaji_pokok_baru:
            raise ValidationError(
                _("Gaji pokok baru belum ada di tabel gaji; isi tabel gaji (PP 5/2024) dahulu.")
            )
        u.status = StatusUsul.DISETUJUI
        u.disetujui_oleh = actor
        u.disetujui_pada = timezone.now()
        u.save(update_fields=["status", "disetujui_oleh", "disetujui_pada", "updated_at"])
        audit.record(
            actor=actor,
            action=audit.Action.WORKFLOW,
            obj=u,
            changes={"status": [StatusUsul.TERVERIFIKASI, u.status]},
        )
        _notify_pegawai(u, _("Usul %(l)s Anda disetujui") % {"l": u.get_layanan_display().lower()})
    return u


def usul_tolak(*, actor, usul: Usul, alasan: str) -> Usul:
    with transaction.atomic():
        u = Usul.objects.select_for_update().select_related("instansi", "pegawai").get(pk=usul.pk)
        if not (
            is_pejabat(actor, u.instansi)
            or (scoping.can_manage(actor) and _same_instansi(actor, u.instansi_id))
        ):
            raise PermissionDenied
        if u.status not in (
            StatusUsul.BERKAS,
            StatusUsul.DIAJUKAN,
            StatusUsul.PERBAIKAN,
            StatusUsul.TERVERIFIKASI,
        ):
            raise ValidationError(_("Usul ini tidak dapat ditolak lagi."))
        if not alasan.strip():
            raise ValidationError({"alasan": _("Tulis alasan penolakan.")})
        before = u.status
        u.status = StatusUsul.DITOLAK
        u.catatan = alasan.strip()
        u.save(update_fields=["status", "catatan", "updated_at"])
        audit.record(
            actor=actor,
            action=audit.Action.WORKFLOW,
            obj=u,
            changes={"status": [before, u.status]},
            reason=alasan,
        )
        _notify_pegawai(u, _("Usul %(l)s Anda ditolak") % {"l": u.get_layanan_display().lower()}, alasan)
    return u


def _konteks_sk(u: Usul) -> dict:
    p = u.pegawai
    ctx = {
        "usul": u,
        "p": selectors.data_pegawai(p),
        "tmt": core_render.tanggal_panjang(u.tmt),
        "pangkat_lama": f"{kp_rules.pangkat(u.golongan_lama)} ({u.golongan_lama})"
        if u.golongan_lama
        else "-",
        "pangkat_baru": f"{kp_rules.pangkat(u.golongan_baru)} ({u.golongan_baru})"
        if u.golongan_baru
        else "-",
    }
    if u.layanan == JenisLayanan.KGB:
        ctx.update(
            gaji_lama=rules.rupiah(u.gaji_pokok_lama),
            gaji_baru=rules.rupiah(u.gaji_pokok_baru),
            gaji_baru_terbilang=rules.terbilang(u.gaji_pokok_baru or 0) + " rupiah",
            kgb_berikut=core_render.tanggal_panjang(u.kgb_berikut) if u.kgb_berikut else "-",
        )
    if u.layanan == JenisLayanan.PENSIUN:
        ctx.update(tanggal_bup=core_render.tanggal_panjang(u.tanggal_bup) if u.tanggal_bup else "-")
    return ctx


JUDUL_SK = {
    JenisLayanan.KP: "Keputusan tentang Kenaikan Pangkat",
    JenisLayanan.KGB: "Surat Pemberitahuan Kenaikan Gaji Berkala",
    JenisLayanan.PENSIUN: "Keputusan tentang Pemberhentian dengan Hormat dengan Hak Pensiun",
}


def sk_terbitkan(*, actor, usul: Usul, base_url: str | None = None, kapasitas: str = ""):
    """Generate the SK of an approved usul from its template: numbered and signed by the pejabat. A Plt./Plh.
    may sign a KGB notice but no SK that changes staffing status (domain.md §9.1)."""
    with transaction.atomic():
        u = (
            Usul.objects.select_for_update(of=("self",))
            .select_related("instansi", "pegawai__jabatan", "pegawai__unit_kerja")
            .get(pk=usul.pk)
        )
        if not (
            is_pejabat(actor, u.instansi)
            or (scoping.can_manage(actor) and _same_instansi(actor, u.instansi_id))
        ):
            raise PermissionDenied
        if u.status != StatusUsul.DISETUJUI:
            raise ValidationError(_("SK hanya dapat diterbitkan untuk usul yang sudah disetujui pejabat."))
        if not rules.kapasitas_boleh_tanda_tangan(u.layanan, kapasitas):
            raise ValidationError(
                _("Plt./Plh. tidak berwenang menandatangani SK yang mengubah status kepegawaian.")
            )
        pejabat = selectors.pejabat_kepegawaian(u.instansi)
        if pejabat is None:
            raise ValidationError(_("Pejabat penandatangan (kepala badan kepegawaian) belum ditemukan."))
        dok = dokumen_services.dokumen_terbitkan(
            actor=actor,
            instansi=u.instansi,
            jenis=JENIS_SK[u.layanan],
            judul=JUDUL_SK[u.layanan],
            pemegang_nama=u.pegawai.nama_lengkap,
            pegawai=u.pegawai,
            konteks=_konteks_sk(u),
            ttd=selectors.ttd_pegawai(pejabat, u.instansi, kapasitas=kapasitas),
            penandatangan=pejabat,
            sumber=u,
            base_url=base_url,
        )
        u.dokumen = dok
        u.status = StatusUsul.SK_TERBIT
        u.save(update_fields=["dokumen", "status", "updated_at"])
        audit.record(
            actor=actor,
            action=audit.Action.WORKFLOW,
            obj=u,
            changes={"status": [StatusUsul.DISETUJUI, u.status], "sk": dok.nomor},
        )
        _notify_pegawai(
            u, _("SK %(l)s Anda terbit: %(n)s") % {"l": u.get_layanan_display().lower(), "n": dok.nomor}
        )
    if u.tmt <= timezone.localdate():
        usul_terapkan(usul=u)
    return dok


def usul_terapkan(*, usul: Usul, actor=None) -> bool:
    """On TMT: write the history (rank / KGB) with the SK number, or set the pegawai inactive (pensiun) through
    the kepegawaian service. Idempotent (False when already applied or not due)."""
    with transaction.atomic():
        u = Usul.objects.select_for_update(of=("self",)).select_related("pegawai", "dokumen").get(pk=usul.pk)
        if u.status != StatusUsul.SK_TERBIT or u.diterapkan_pada or u.tmt > timezone.localdate():
            return False
        p = u.pegawai
        sk = u.dokumen
        if u.layanan == JenisLayanan.KP:
            RiwayatPangkat.objects.create(
                pegawai=p,
                golongan=u.golongan_baru,
                tmt=u.tmt,
                jenis=JenisKenaikanPangkat.REGULER
                if u.sub_jenis == SubJenis.REGULER
                else JenisKenaikanPangkat.PILIHAN,
                nomor_sk=sk.nomor,
                tanggal_sk=sk.tanggal,
            )
            before = {"golongan": p.golongan, "tmt_golongan": str(p.tmt_golongan)}
            Pegawai.objects.filter(pk=p.pk).update(golongan=u.golongan_baru, tmt_golongan=u.tmt)
            audit.record(
                actor=actor,
                action=audit.Action.UPDATE,
                obj=p,
                changes={
                    "golongan": [before["golongan"], u.golongan_baru],
                    "tmt_golongan": [before["tmt_golongan"], str(u.tmt)],
                },
                reason=f"SK {sk.nomor}",
            )
        elif u.layanan == JenisLayanan.KGB:
            RiwayatGajiBerkala.objects.create(
                pegawai=p,
                golongan=u.golongan_baru,
                mkg_tahun=u.mkg_tahun or 0,
                gaji_pokok=u.gaji_pokok_baru or 0,
                tmt=u.tmt,
                kgb_berikut=u.kgb_berikut,
                nomor_sk=sk.nomor,
                tanggal_sk=sk.tanggal,
            )
        elif u.layanan == JenisLayanan.PENSIUN:
            # The pegawai becomes inactive through the kepegawaian service (audited there); what happens to
            # the login account is decided by the accounts work ("accounts follow the person").
            pegawai_update(
                actor=actor,
                pegawai=p,
                data={"status_aktif": StatusAktif.PENSIUN},
                reason=f"Pensiun, SK {sk.nomor}",
            )
        u.status = StatusUsul.SELESAI
        u.diterapkan_pada = timezone.now()
        u.save(update_fields=["status", "diterapkan_pada", "updated_at"])
        audit.record(
            actor=actor,
            action=audit.Action.WORKFLOW,
            obj=u,
            changes={"status": [StatusUsul.SK_TERBIT, u.status]},
        )
        _notify_pegawai(
            u,
            _("%(l)s Anda berlaku mulai %(t)s")
            % {"l": u.get_layanan_display(), "t": u.tmt.strftime("%d-%m-%Y")},
        )
    return True


def usul_terapkan_jatuh_tempo(*, pada: dt.date | None = None) -> int:
    """Beat (daily): apply every usul whose SK is issued and whose TMT has come."""
    pada = pada or timezone.localdate()
    n = 0
    for pk in Usul.objects.filter(
        status=StatusUsul.SK_TERBIT, diterapkan_pada__isnull=True, tmt__lte=pada
    ).values_list("pk", flat=True):
        n += usul_terapkan(usul=Usul(pk=pk))
    return n


# --- Bulk actions -------------------------------------------------------------------------------------------------
def proses_massal_minta(*, actor, aksi: str, ids: list[int], layanan: str = "") -> ProsesMassal:
    """Queue a bulk action over the given usul (or approved leaves for SURAT_CUTI) the actor may see."""
    if aksi == AksiMassal.SURAT_CUTI:
        visible = list(PengajuanCuti.objects.for_user(actor).filter(pk__in=ids).values_list("pk", flat=True))
    else:
        visible = list(Usul.objects.for_user(actor).filter(pk__in=ids).values_list("pk", flat=True))
    if not visible:
        raise ValidationError(_("Pilih minimal satu baris."))
    instansi_id = getattr(actor, "instansi_id", None)
    if instansi_id is None:  # a superadmin acts within the instansi of the first row
        model = PengajuanCuti if aksi == AksiMassal.SURAT_CUTI else Usul
        path = "pegawai__instansi_id" if model is PengajuanCuti else "instansi_id"
        instansi_id = model.objects.filter(pk=visible[0]).values_list(path, flat=True).first()
    with transaction.atomic():
        job = ProsesMassal.objects.create(
            instansi_id=instansi_id,
            aksi=aksi,
            layanan=layanan,
            usul_ids=visible,
            total=len(visible),
            dibuat_oleh=actor,
        )
        audit.record(
            actor=actor, action=audit.Action.CREATE, obj=job, changes={"aksi": aksi, "jumlah": len(visible)}
        )
        jobs.enqueue(job, "layanan.proses_massal_task")
    return job


def proses_massal_jalankan(job: ProsesMassal) -> None:
    """The body of the bulk job: each row in its own transaction (one failure does not undo the others)."""
    actor = job.dibuat_oleh
    log, ok = [], 0
    for i, pk in enumerate(job.usul_ids, start=1):
        try:
            if job.aksi == AksiMassal.SURAT_CUTI:
                dok = surat_izin_cuti_terbitkan(actor=actor, cuti=PengajuanCuti(pk=pk))
                log.append({"id": pk, "ok": True, "pesan": dok.nomor})
            else:
                u = Usul.objects.get(pk=pk, instansi_id=job.instansi_id)
                if job.aksi == AksiMassal.VERIFIKASI:
                    for b in u.berkas.filter(status=StatusBerkas.DIUNGGAH):
                        berkas_verifikasi(actor=actor, berkas=b, terima=True)
                    log.append({"id": pk, "ok": True, "pesan": Usul.objects.get(pk=pk).get_status_display()})
                elif job.aksi == AksiMassal.SETUJUI:
                    usul_setujui(actor=actor, usul=u)
                    log.append({"id": pk, "ok": True, "pesan": str(_("disetujui"))})
                elif job.aksi == AksiMassal.TERBITKAN_SK:
                    dok = sk_terbitkan(actor=actor, usul=u)
                    log.append({"id": pk, "ok": True, "pesan": dok.nomor})
            ok += 1
        except (ValidationError, PermissionDenied, Usul.DoesNotExist, PengajuanCuti.DoesNotExist) as exc:
            msg = " ".join(getattr(exc, "messages", [])) or str(_("tidak diizinkan atau tidak ditemukan"))
            log.append({"id": pk, "ok": False, "pesan": msg})
        ProsesMassal.objects.filter(pk=job.pk).update(
            progress=int(i * 100 / max(job.total, 1)), berhasil=ok, log=log
        )
    job.berhasil = ok
    job.log = log
