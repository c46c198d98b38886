"""Writes of the rekrutmen app: keyword-only, atomic, audited. Every change to a score, eligibility or rank of an
application is also written to the merit ledger (RiwayatNilai) in the same transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from asnportal import audit, files, scoping, tabular, uploads
from kepegawaian import rules as kp_rules
from kepegawaian import selectors as kp_selectors
from kepegawaian.choices import Pendidikan
from kepegawaian.models import Jabatan

from . import conf, rules
from .choices import (
    KOREKSI_FIELDS,
    HasilVerifikasi,
    JenisFormasi,
    JenisImpor,
    JenisKomponen,
    StatusAdministrasi,
    StatusFormasi,
    StatusLamaran,
    StatusSanggah,
    SumberPerubahan,
    TahapPublikasi,
    TahapSanggah,
)
from .models import (
    AmbangBatasKhusus,
    DokumenLamaran,
    Formasi,
    ImporNilai,
    KomponenSKB,
    Lamaran,
    NilaiPanel,
    Pelamar,
    PersyaratanFormasi,
    Publikasi,
    RiwayatNilai,
    Sanggah,
    Seleksi,
    SesiPenilaian,
    VerifikasiSyarat,
)

PERSYARATAN_DEFAULT = [
    ("Surat lamaran", True),
    ("Ijazah", True),
    ("Transkrip nilai", True),
    ("Pas foto", True),
]
PENDIDIKAN_URUT = [c for c, _label in Pendidikan.choices]


def _require_manage(actor, instansi_id):
    if not scoping.can_manage(actor):
        raise PermissionDenied
    if not scoping.is_superadmin(actor) and actor.instansi_id != instansi_id:
        raise PermissionDenied


# --- Ledger ----------------------------------------------------------------------------------------------------
def nilai_str(value) -> str:
    """The ledger's text form of a value (parsed back by selectors.replay)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def catat(
    lamaran: Lamaran,
    changes: dict[str, tuple],
    *,
    sumber: str,
    alasan: str = "",
    actor=None,
    label: str = "",
    buffer: list | None = None,
) -> list[RiwayatNilai]:
    """Ledger rows for the fields whose text value changed. With `buffer`, rows are collected for bulk insert."""
    now = timezone.now()
    rows = []
    for field, (before, after) in changes.items():
        b, a = nilai_str(before), nilai_str(after)
        if b == a:
            continue
        rows.append(
            RiwayatNilai(
                lamaran=lamaran,
                field=field,
                sebelum=b,
                sesudah=a,
                sumber=sumber,
                alasan=alasan,
                oleh=actor if getattr(actor, "is_authenticated", False) else None,
                oleh_label=label
                or (actor.get_username() if getattr(actor, "is_authenticated", False) else ""),
                dicatat_at=now,
            )
        )
    if buffer is not None:
        buffer.extend(rows)
    elif rows:
        RiwayatNilai.objects.bulk_create(rows)
    return rows


# --- Rounds and formasi ----------------------------------------------------------------------------------------
def seleksi_simpan(*, actor, data: dict, seleksi: Seleksi | None = None, instansi_id=None) -> Seleksi:
    """Create or change a round; the instansi comes from the actor (or the given id for a superadmin)."""
    with transaction.atomic():
        if seleksi is None:
            instansi_id = actor.instansi_id or instansi_id
            if instansi_id is None:
                raise ValidationError(_("Instansi seleksi tidak dapat ditentukan."))
            _require_manage(actor, instansi_id)
            seleksi = Seleksi(instansi_id=instansi_id)
            before = {}
            action = audit.Action.CREATE
        else:
            _require_manage(actor, seleksi.instansi_id)
            seleksi = Seleksi.objects.select_for_update().get(pk=seleksi.pk)
            before = audit.snapshot(seleksi)
            action = audit.Action.UPDATE
        for key, value in data.items():
            setattr(seleksi, key, value)
        seleksi.full_clean()
        seleksi.save()
        audit.record(
            actor=actor, action=action, obj=seleksi, changes=audit.diff(before, audit.snapshot(seleksi))
        )
    return seleksi


def formasi_usulkan(*, actor, seleksi: Seleksi, usulan: list[dict]) -> list[Formasi]:
    """Propose formasi from the ABK shortage (kepegawaian.selectors.kebutuhan_jabatan). Each item:
    {jabatan_id, kuota, pendidikan_minimal, jenis_formasi?, jurusan?}. A quota above the shortage is refused."""
    _require_manage(actor, seleksi.instansi_id)
    kebutuhan = {r["jabatan_id"]: r for r in kp_selectors.kebutuhan_jabatan(instansi_id=seleksi.instansi_id)}
    errors = []
    created = []
    with transaction.atomic():
        for item in usulan:
            row = kebutuhan.get(int(item["jabatan_id"]))
            if row is None:
                errors.append(
                    _("Jabatan %(id)s tidak ditemukan di instansi ini.") % {"id": item["jabatan_id"]}
                )
                continue
            kuota = int(item["kuota"])
            if kuota < 1 or kuota > row["selisih"]:
                errors.append(
                    _("Kuota %(jab)s harus 1 sampai %(max)s (selisih kebutuhan ABK).")
                    % {"jab": row["jabatan"], "max": max(row["selisih"], 0)}
                )
                continue
            jabatan = Jabatan.objects.get(pk=row["jabatan_id"])
            formasi = Formasi(
                instansi_id=seleksi.instansi_id,
                seleksi=seleksi,
                jabatan=jabatan,
                unit_kerja_id=row["unit_kerja_id"],
                jenis_formasi=item.get("jenis_formasi") or JenisFormasi.UMUM,
                kebutuhan_abk=row["selisih"],
                kuota_usulan=kuota,
                pendidikan_minimal=item["pendidikan_minimal"],
                jurusan=item.get("jurusan", ""),
                diusulkan_oleh=actor,
            )
            try:
                formasi.full_clean()
            except ValidationError as exc:
                errors.extend(f"{row['jabatan']}: {m}" for m in exc.messages)
                continue
            formasi.save()
            PersyaratanFormasi.objects.bulk_create(
                [
                    PersyaratanFormasi(formasi=formasi, nama=nama, wajib_unggah=wajib, urutan=i)
                    for i, (nama, wajib) in enumerate(PERSYARATAN_DEFAULT, start=1)
                ]
            )
            KomponenSKB.objects.create(formasi=formasi, jenis=JenisKomponen.CAT, nama="CAT SKB", bobot=100)
            audit.record(
                actor=actor,
                action=audit.Action.CREATE,
                obj=formasi,
                changes=audit.diff({}, audit.snapshot(formasi)),
                reason=_("Usulan dari selisih kebutuhan ABK %(s)s") % {"s": row["selisih"]},
            )
            created.append(formasi)
        if errors:
            transaction.set_rollback(True)
            raise ValidationError(errors)
    return created


def formasi_setujui(*, actor, formasi: Formasi, kuota: int, alasan: str = "") -> Formasi:
    """Approve a proposed formasi with its quota. Authorised: an HR officer of the instansi other than the proposer
    (four-eyes, conf.formasi_empat_mata) or a superadmin."""
    _require_manage(actor, formasi.instansi_id)
    if (
        conf.formasi_empat_mata()
        and not scoping.is_superadmin(actor)
        and formasi.diusulkan_oleh_id
        and formasi.diusulkan_oleh_id == actor.pk
    ):
        raise PermissionDenied(_("Formasi harus disetujui oleh petugas lain daripada pengusulnya."))
    if kuota < 1 or kuota > formasi.kuota_usulan:
        raise ValidationError(_("Kuota disetujui harus 1 sampai %(n)s.") % {"n": formasi.kuota_usulan})
    with transaction.atomic():
        formasi = Formasi.objects.select_for_update().get(pk=formasi.pk)
        before = audit.snapshot(formasi)
        formasi.kuota = kuota
        formasi.status = StatusFormasi.DISETUJUI
        formasi.disetujui_oleh = actor
        formasi.disetujui_at = timezone.now()
        formasi.save()
        audit.record(
            actor=actor,
            action=audit.Action.WORKFLOW,
            obj=formasi,
            changes=audit.diff(before, audit.snapshot(formasi)),
            reason=alasan or _("Formasi disetujui"),
        )
    return formasi


def formasi_tolak(*, actor, formasi: Formasi, alasan: str) -> Formasi:
    _require_manage(actor, formasi.instansi_id)
    if not alasan.strip():
        raise ValidationError(_("Alasan penolakan wajib diisi."))
    with transaction.atomic():
        formasi = Formasi.objects.select_for_update().get(pk=formasi.pk)
        if formasi.lamaran.exists():
            raise ValidationError(_("Formasi yang sudah dilamar tidak dapat ditolak."))
        before = audit.snapshot(formasi)
        formasi.status = StatusFormasi.DITOLAK
        formasi.kuota = 0
        formasi.disetujui_at = None
        formasi.save()
        audit.record(
            actor=actor,
            action=audit.Action.WORKFLOW,
            obj=formasi,
            changes=audit.diff(before, audit.snapshot(formasi)),
            reason=alasan,
        )
    return formasi


def persyaratan_tambah(*, actor, formasi: Formasi, nama: str, keterangan: str = "", wajib_unggah=True):
    _require_manage(actor, formasi.instansi_id)
    with transaction.atomic():
        urutan = (formasi.persyaratan.aggregate(m=Max("urutan"))["m"] or 0) + 1
        syarat = PersyaratanFormasi(
            formasi=formasi, nama=nama, keterangan=keterangan, wajib_unggah=wajib_unggah, urutan=urutan
        )
        syarat.full_clean()
        syarat.save()
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            obj=syarat,
            changes=audit.diff({}, audit.snapshot(syarat)),
        )
    return syarat


def komponen_skb_atur(*, actor, formasi: Formasi, komponen: list[dict]) -> list[KomponenSKB]:
    """Replace the SKB composition of a formasi: [{jenis, nama, bobot, nilai_maks}] (CAT required, weights sum to
    100, SKB tambahan capped per round, domain.md §3.3). Refused once panel scores exist."""
    _require_manage(actor, formasi.instansi_id)
    errors = rules.validasi_komposisi_skb(
        [(k["jenis"], Decimal(k["bobot"])) for k in komponen],
        maks_bobot_tambahan=formasi.seleksi.maks_bobot_tambahan,
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if NilaiPanel.objects.filter(sesi__komponen__formasi=formasi).exists():
            raise ValidationError(_("Komposisi SKB tidak dapat diubah setelah ada nilai panel."))
        before = [f"{k.jenis}:{k.nama}:{k.bobot}" for k in formasi.komponen_skb.all()]
        formasi.komponen_skb.all().delete()
        rows = [
            KomponenSKB(
                formasi=formasi,
                jenis=k["jenis"],
                nama=k["nama"],
                bobot=Decimal(k["bobot"]),
                nilai_maks=Decimal(k.get("nilai_maks") or 100),
            )
            for k in komponen
        ]
        KomponenSKB.objects.bulk_create(rows)
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE,
            obj=formasi,
            changes={"komponen_skb": [before, [f"{k.jenis}:{k.nama}:{k.bobot}" for k in rows]]},
            reason=_("Komposisi SKB diubah"),
        )
    return rows


def ambang_khusus(*, tahun: int, jenis_formasi: str) -> rules.AmbangKhusus | None:
    """Thresholds of a special formasi type for a year: the table row of that year, else the latest earlier year,
    else the coded default (domain.md §3.2 says these change yearly, so the table wins)."""
    if jenis_formasi == JenisFormasi.UMUM:
        return None
    row = (
        AmbangBatasKhusus.objects.filter(jenis_formasi=jenis_formasi, tahun__lte=tahun)
        .order_by("-tahun")
        .first()
    )
    if row is not None:
        return rules.AmbangKhusus(row.min_total, row.min_tiu)
    return rules.AMBANG_KHUSUS_DEFAULT.get(rules.JenisFormasi(jenis_formasi))


def aturan_formasi(formasi: Formasi, seleksi: Seleksi | None = None) -> rules.Aturan:
    seleksi = seleksi or formasi.seleksi
    return rules.Aturan(
        passing_grade=seleksi.passing_grade(),
        khusus=ambang_khusus(tahun=seleksi.tahun, jenis_formasi=formasi.jenis_formasi),
        kelipatan_skb=seleksi.kelipatan_skb,
        skd_max=seleksi.skd_maks,
        bobot_skd=seleksi.bobot_skd,
        bobot_skb=seleksi.bobot_skb,
    )


# --- Applicants ------------------------------------------------------------------------------------------------
def _kirim_email(pelamar_id: int, jenis: str, lamaran_id: int | None = None) -> None:
    """Store an applicant e-mail in the outbox, in the caller's transaction: it commits with what caused it and
    a worker sends it (retried with backoff, status visible to HR); a broker outage only delays it."""
    from .emails import antre_email_pelamar

    antre_email_pelamar(pelamar_id=pelamar_id, jenis=jenis, lamaran_id=lamaran_id)


def pelamar_daftar_dibatasi(*, ip: str | None) -> bool:
    """Count one registration attempt from `ip` and say whether it is over the hourly limit
    (REKRUTMEN_DAFTAR_PER_JAM per client address; counted in the database, shared by every web process)."""
    from django.utils.crypto import salted_hmac

    from asnportal import ratelimit
    from asnportal.models import BatasLaju

    key = "pelamar-daftar:" + salted_hmac("rekrutmen.daftar", ip or "-").hexdigest()[:40]
    return ratelimit.hit(BatasLaju, "kunci", key, 3600) > conf.daftar_per_jam()


def pelamar_daftar(*, data: dict, password: str) -> Pelamar | None:
    """Register an applicant (NIK validated by kepegawaian.rules.validate_nik); a confirmation e-mail follows.

    When the NIK or the e-mail already belongs to an account nothing is created and None is returned; the
    caller answers exactly as for a new account (no enumeration) and the owner gets an e-mail instead: a new
    confirmation link if the account is not confirmed yet, otherwise a notice that someone tried to register
    with their data. The password is hashed either way, so both answers take the same time."""
    try:
        nik = kp_rules.validate_nik(data.get("nik", ""))
    except kp_rules.NipError as exc:
        raise ValidationError({"nik": str(exc)}) from exc
    email = data["email"].strip().lower()
    pelamar = Pelamar(**{**data, "nik": nik, "email": email})
    pelamar.set_password(password)
    ada = list(Pelamar.objects.filter(Q(nik=nik) | Q(email=email)))
    if not ada:
        try:
            with transaction.atomic():
                pelamar.full_clean(validate_unique=False)
                pelamar.save()
                audit.record(
                    actor=None,
                    action=audit.Action.CREATE,
                    obj=pelamar,
                    object_repr=f"Pelamar #{pelamar.pk}",
                    reason=_("Pendaftaran akun pelamar"),
                )
                _kirim_email(pelamar.pk, "konfirmasi")
            return pelamar
        except IntegrityError:  # registered at the same moment by another request
            ada = list(Pelamar.objects.filter(Q(nik=nik) | Q(email=email)))
    for lama in ada:
        _kirim_email(lama.pk, "konfirmasi" if not lama.terkonfirmasi else "sudah_terdaftar")
    return None


def pelamar_konfirmasi(*, pelamar: Pelamar) -> Pelamar:
    with transaction.atomic():
        if pelamar.email_terkonfirmasi_at is None:
            pelamar.email_terkonfirmasi_at = timezone.now()
            pelamar.save(update_fields=["email_terkonfirmasi_at"])
            audit.record(
                actor=None,
                action=audit.Action.UPDATE,
                obj=pelamar,
                object_repr=f"Pelamar #{pelamar.pk}",
                reason=_("E-mail dikonfirmasi"),
            )
    return pelamar


def _cek_pendidikan(pendidikan: str, minimal: str) -> None:
    if PENDIDIKAN_URUT.index(pendidikan) < PENDIDIKAN_URUT.index(minimal):
        raise ValidationError(
            {
                "pendidikan": _("Kualifikasi pendidikan formasi ini minimal %(p)s.")
                % {"p": Pendidikan(minimal).label}
            }
        )


def lamaran_buat(*, pelamar: Pelamar, formasi: Formasi, data: dict) -> Lamaran:
    """Start an application (draft). One application per round: the database refuses a second one."""
    if not pelamar.terkonfirmasi:
        raise ValidationError(_("Konfirmasi e-mail Anda terlebih dahulu."))
    seleksi = formasi.seleksi
    if not (formasi.disetujui and seleksi.pendaftaran_buka):
        raise ValidationError(_("Pendaftaran formasi ini tidak sedang dibuka."))
    _cek_pendidikan(data["pendidikan"], formasi.pendidikan_minimal)
    lamaran = Lamaran(
        instansi_id=formasi.instansi_id, seleksi=seleksi, formasi=formasi, pelamar=pelamar, **data
    )
    lamaran.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            lamaran.save()
            audit.record(
                actor=None, action=audit.Action.CREATE, obj=lamaran, reason=_("Lamaran dibuat oleh pelamar")
            )
    except IntegrityError as exc:
        raise ValidationError(
            _("Anda sudah memiliki lamaran pada seleksi ini; satu pelamar hanya boleh melamar satu formasi.")
        ) from exc
    return lamaran


def _draft(lamaran: Lamaran) -> None:
    if lamaran.status != StatusLamaran.DRAFT:
        raise ValidationError(_("Lamaran yang sudah dikirim tidak dapat diubah."))
    if not lamaran.seleksi.pendaftaran_buka:
        raise ValidationError(_("Masa pendaftaran sudah ditutup."))


def dokumen_unggah(
    *, pelamar: Pelamar, lamaran: Lamaran, persyaratan: PersyaratanFormasi, berkas
) -> DokumenLamaran:
    """Store a document for a requirement after checking its content (asnportal.uploads.validate_upload)."""
    if lamaran.pelamar_id != pelamar.pk or persyaratan.formasi_id != lamaran.formasi_id:
        raise PermissionDenied
    _draft(lamaran)
    mime = uploads.validate_upload(berkas)
    dok = DokumenLamaran(
        lamaran=lamaran,
        persyaratan=persyaratan,
        nama_asli=(getattr(berkas, "name", "") or "dokumen")[-200:],
        content_type=mime,
        ukuran=berkas.size,
    )
    # asnportal.files: the new file is written first (a full disk fails here, before anything changed); the row
    # is switched in the transaction; the old file is deleted only once that commits. A failure anywhere keeps
    # the old document whole and removes the new file.
    with files.swap() as fs, transaction.atomic():
        fs.put(dok, "berkas", berkas, name="x")
        old = (
            DokumenLamaran.objects.select_for_update()
            .filter(lamaran=lamaran, persyaratan=persyaratan)
            .first()
        )
        if old is not None:
            fs.discard(old.berkas.storage, old.berkas.name)
            old.delete()
        dok.save()
        audit.record(actor=None, action=audit.Action.CREATE, obj=dok, reason=_("Dokumen diunggah pelamar"))
    return dok


def lamaran_kirim(*, pelamar: Pelamar, lamaran: Lamaran) -> Lamaran:
    """Submit a draft: every required document present; the registration number is assigned."""
    if lamaran.pelamar_id != pelamar.pk:
        raise PermissionDenied
    _draft(lamaran)
    wajib = set(lamaran.formasi.persyaratan.filter(wajib_unggah=True).values_list("pk", flat=True))
    ada = set(lamaran.dokumen.values_list("persyaratan_id", flat=True))
    if wajib - ada:
        raise ValidationError(_("Unggah semua dokumen wajib sebelum mengirim lamaran."))
    with transaction.atomic():
        seleksi = Seleksi.objects.select_for_update().get(pk=lamaran.seleksi_id)  # serialises numbering
        lamaran = Lamaran.objects.select_for_update().get(pk=lamaran.pk)
        urut = Lamaran.objects.filter(seleksi=seleksi).exclude(nomor_peserta="").count() + 1
        lamaran.nomor_peserta = f"{seleksi.tahun % 100:02d}{seleksi.pk:04d}{urut:05d}"
        lamaran.status = StatusLamaran.DIKIRIM
        lamaran.dikirim_at = timezone.now()
        lamaran.save(update_fields=["nomor_peserta", "status", "dikirim_at"])
        catat(
            lamaran,
            {
                "status_administrasi": (None, lamaran.status_administrasi),
                "ipk": (None, lamaran.ipk),
                "tanggal_lahir": (None, pelamar.tanggal_lahir),
            },
            sumber=SumberPerubahan.PENDAFTARAN,
            label=f"pelamar #{pelamar.pk}",
            alasan=_("Lamaran dikirim"),
        )
        audit.record(
            actor=None,
            action=audit.Action.WORKFLOW,
            obj=lamaran,
            changes={"status": ["draft", "dikirim"], "nomor_peserta": ["", lamaran.nomor_peserta]},
            reason=_("Lamaran dikirim oleh pelamar"),
        )
        _kirim_email(pelamar.pk, "dikirim", lamaran.pk)
    return lamaran


# --- Administrative verification -------------------------------------------------------------------------------
def verifikasi_simpan(
    *, actor, lamaran: Lamaran, hasil: dict[int, tuple[str, str]], sumber=SumberPerubahan.VERIFIKASI
) -> Lamaran:
    """Record MS/TMS with a reason per requirement; the administrative result follows (all MS → MS, any TMS →
    TMS), with the reasons shown to the applicant. Audited and written to the merit ledger."""
    _require_manage(actor, lamaran.instansi_id)
    if lamaran.status != StatusLamaran.DIKIRIM:
        raise ValidationError(_("Hanya lamaran yang sudah dikirim yang dapat diverifikasi."))
    syarat = {s.pk: s for s in lamaran.formasi.persyaratan.all()}
    errors = []
    for pk, (h, alasan) in hasil.items():
        if pk not in syarat:
            errors.append(_("Persyaratan tidak dikenal."))
        elif h == HasilVerifikasi.TMS and not alasan.strip():
            errors.append(
                _("Alasan wajib diisi untuk %(s)s yang tidak memenuhi syarat.") % {"s": syarat[pk].nama}
            )
        elif h not in HasilVerifikasi.values:
            errors.append(_("Hasil verifikasi tidak sah."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        lamaran = Lamaran.objects.select_for_update().get(pk=lamaran.pk)
        before_status, before_alasan = lamaran.status_administrasi, lamaran.alasan_tms
        changes = {}
        for pk, (h, alasan) in hasil.items():
            row = VerifikasiSyarat.objects.filter(lamaran=lamaran, persyaratan_id=pk).first()
            old = (row.hasil, row.alasan) if row else (None, "")
            if row is None:
                row = VerifikasiSyarat(lamaran=lamaran, persyaratan_id=pk)
            row.hasil, row.alasan, row.verifikator = h, alasan.strip(), actor
            row.save()
            if old != (row.hasil, row.alasan):
                changes[f"syarat:{pk}"] = [
                    f"{old[0] or ''} {old[1]}".strip(),
                    f"{row.hasil} {row.alasan}".strip(),
                ]
        rows = list(lamaran.verifikasi.select_related("persyaratan"))
        if len(rows) < len(syarat):
            status = StatusAdministrasi.BELUM
        elif any(r.hasil == HasilVerifikasi.TMS for r in rows):
            status = StatusAdministrasi.TMS
        else:
            status = StatusAdministrasi.MS
        lamaran.status_administrasi = status
        lamaran.alasan_tms = "\n".join(
            f"{r.persyaratan.nama}: {r.alasan}" for r in rows if r.hasil == HasilVerifikasi.TMS
        )
        lamaran.save(update_fields=["status_administrasi", "alasan_tms"])
        catat(
            lamaran,
            {"status_administrasi": (before_status, status)},
            sumber=sumber,
            actor=actor,
            alasan=lamaran.alasan_tms,
        )
        if changes or before_alasan != lamaran.alasan_tms:
            audit.record(
                actor=actor,
                action=audit.Action.UPDATE,
                obj=lamaran,
                changes={**changes, "status_administrasi": [before_status, status]},
                reason=_("Verifikasi administrasi"),
            )
        if before_status != status and status != StatusAdministrasi.BELUM:
            _kirim_email(lamaran.pelamar_id, "status", lamaran.pk)
    return lamaran


# --- Score import ----------------------------------------------------------------------------------------------
def _int_in(value, lo: int, hi: int) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    n = int(str(value).strip())
    if not lo <= n <= hi:
        raise ValueError
    return n


def impor_nilai(*, actor, seleksi: Seleksi, jenis: str, berkas) -> tuple[ImporNilai | None, list[str]]:
    """Import SKD (nomor_peserta, twk, tiu, tkp) or CAT SKB (nomor_peserta, skb) scores from CSV/XLSX.
    All or nothing: every row is validated first; any error → nothing is written and the errors are returned."""
    _require_manage(actor, seleksi.instansi_id)
    required = ["nomor_peserta", "twk", "tiu", "tkp"] if jenis == JenisImpor.SKD else ["nomor_peserta", "skb"]
    data = berkas.read()
    berkas.seek(0)
    try:
        table = tabular.read_table(berkas, required=required)
    except tabular.ImportFileError as exc:
        return None, [str(exc)]
    lamaran = {
        la.nomor_peserta: la
        for la in Lamaran.objects.filter(seleksi=seleksi, status=StatusLamaran.DIKIRIM).select_related(
            "formasi"
        )
    }
    errors: list[tabular.RowError] = []
    parsed: list[tuple[Lamaran, dict]] = []
    seen = set()
    for row in table.rows:
        line = row["_row"]
        nomor = str(row.get("nomor_peserta") or "").strip()
        if isinstance(row.get("nomor_peserta"), float):
            nomor = str(int(row["nomor_peserta"]))
        obj = lamaran.get(nomor)
        if obj is None:
            errors.append(
                tabular.RowError(line, "nomor_peserta", _("nomor peserta tidak terdaftar pada seleksi ini"))
            )
            continue
        if nomor in seen:
            errors.append(tabular.RowError(line, "nomor_peserta", _("nomor peserta ganda dalam berkas")))
            continue
        seen.add(nomor)
        values = {}
        if jenis == JenisImpor.SKD:
            if obj.status_administrasi != StatusAdministrasi.MS:
                errors.append(
                    tabular.RowError(line, "nomor_peserta", _("peserta tidak memenuhi syarat administrasi"))
                )
                continue
            for col, hi in (("twk", rules.TWK_MAX), ("tiu", rules.TIU_MAX), ("tkp", rules.TKP_MAX)):
                try:
                    values[col] = _int_in(row.get(col), 0, hi)
                except (TypeError, ValueError):
                    errors.append(
                        tabular.RowError(line, col, _("harus bilangan bulat 0–%(hi)s") % {"hi": hi})
                    )
        else:
            if not obj.ikut_skb:
                errors.append(
                    tabular.RowError(line, "nomor_peserta", _("peserta tidak termasuk peserta SKB"))
                )
                continue
            try:
                v = Decimal(str(row.get("skb")).strip().replace(",", "."))
                if not (0 <= v <= seleksi.skb_cat_maks) or v.as_tuple().exponent < -2:
                    raise InvalidOperation
                values["skb_cat"] = v
            except (InvalidOperation, ValueError):
                errors.append(
                    tabular.RowError(
                        line,
                        "skb",
                        _("harus angka 0–%(hi)s (paling banyak 2 desimal)") % {"hi": seleksi.skb_cat_maks},
                    )
                )
        parsed.append((obj, values))
    if not table.rows:
        errors.append(tabular.RowError(1, "", _("berkas tidak memuat baris nilai")))
    if errors:
        return None, [str(e) for e in errors]
    ledger: list[RiwayatNilai] = []
    with transaction.atomic():
        impor = ImporNilai.objects.create(
            instansi_id=seleksi.instansi_id,
            seleksi=seleksi,
            jenis=jenis,
            nama_berkas=(getattr(berkas, "name", "") or "impor")[-200:],
            sha256=hashlib.sha256(data).hexdigest(),
            jumlah_baris=len(parsed),
            oleh=actor,
        )
        berubah = 0
        alasan = _("Impor %(jenis)s #%(id)s (%(nama)s)") % {
            "jenis": jenis.upper(),
            "id": impor.pk,
            "nama": impor.nama_berkas,
        }
        for obj, values in parsed:
            changes = {k: (getattr(obj, k), v) for k, v in values.items()}
            rows = catat(
                obj, changes, sumber=SumberPerubahan.IMPOR, actor=actor, alasan=alasan, buffer=ledger
            )
            if rows:
                berubah += 1
                for k, v in values.items():
                    setattr(obj, k, v)
        changed = [obj for obj, _v in parsed]
        Lamaran.objects.bulk_update(changed, list(parsed[0][1].keys()) if parsed else [], batch_size=500)
        RiwayatNilai.objects.bulk_create(ledger, batch_size=1000)
        if jenis == JenisImpor.SKB:
            _perbarui_nilai_skb(actor=actor, lamaran_ids=[o.pk for o in changed], alasan=alasan)
        impor.jumlah_berubah = berubah
        impor.save(update_fields=["jumlah_berubah"])
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE,
            obj=impor,
            changes={"baris": [0, len(parsed)], "berubah": [0, berubah]},
            reason=alasan,
        )
    return impor, []


# --- SKB composition and panel scores --------------------------------------------------------------------------
def _perbarui_nilai_skb(*, actor, lamaran_ids, alasan: str, sumber=SumberPerubahan.IMPOR) -> None:
    """Recompute the 0–100 SKB score of applications from CAT SKB and panel means (rules.nilai_skb)."""
    from .selectors import nilai_komponen

    rows: list[RiwayatNilai] = []
    qs = (
        Lamaran.objects.filter(pk__in=lamaran_ids)
        .select_related("seleksi", "formasi")
        .prefetch_related(
            Prefetch("sesi_penilaian", queryset=SesiPenilaian.objects.prefetch_related("panel", "nilai"))
        )
    )
    komponen_by_formasi: dict[int, list[KomponenSKB]] = {}
    updated = []
    for lam in qs:
        if lam.formasi_id not in komponen_by_formasi:
            komponen_by_formasi[lam.formasi_id] = list(lam.formasi.komponen_skb.all())
        komponen = komponen_by_formasi[lam.formasi_id]
        nilai = nilai_komponen(lam, komponen)
        baru = None
        if komponen and all(v is not None for v in nilai.values()):
            baru = rules.nilai_skb(
                [
                    rules.KomponenNilai(
                        nilai=nilai[k.pk],
                        maks=Decimal(lam.seleksi.skb_cat_maks)
                        if k.jenis == JenisKomponen.CAT
                        else k.nilai_maks,
                        bobot=k.bobot,
                    )
                    for k in komponen
                ]
            )
        if nilai_str(baru) != nilai_str(lam.nilai_skb):
            catat(
                lam,
                {"nilai_skb": (lam.nilai_skb, baru)},
                sumber=sumber,
                actor=actor,
                alasan=alasan,
                buffer=rows,
            )
            lam.nilai_skb = baru
            updated.append(lam)
    if updated:
        Lamaran.objects.bulk_update(updated, ["nilai_skb"], batch_size=500)
    RiwayatNilai.objects.bulk_create(rows, batch_size=1000)


def sesi_jadwalkan(
    *, actor, lamaran: Lamaran, komponen: KomponenSKB, jadwal, tempat: str, panel
) -> SesiPenilaian:
    """Schedule an SKB tambahan session (e.g. wawancara) with its panel (staff users of the same instansi)."""
    _require_manage(actor, lamaran.instansi_id)
    if komponen.formasi_id != lamaran.formasi_id or komponen.jenis == JenisKomponen.CAT:
        raise ValidationError(_("Komponen tidak sesuai dengan formasi lamaran."))
    if not lamaran.ikut_skb:
        raise ValidationError(_("Pelamar ini bukan peserta SKB."))
    panel = list(panel)
    if not panel or any(u.instansi_id != lamaran.instansi_id for u in panel):
        raise ValidationError(_("Panel penilai harus pegawai dari instansi yang sama."))
    with transaction.atomic():
        sesi, created = SesiPenilaian.objects.update_or_create(
            lamaran=lamaran, komponen=komponen, defaults={"jadwal": jadwal, "tempat": tempat}
        )
        sesi.panel.set(panel)
        audit.record(
            actor=actor,
            action=audit.Action.CREATE if created else audit.Action.UPDATE,
            obj=sesi,
            changes={"jadwal": [None, nilai_str(jadwal)], "panel": [None, [u.get_username() for u in panel]]},
        )
    return sesi


def nilai_panel_simpan(
    *, actor, sesi: SesiPenilaian, penilai, nilai: Decimal, catatan: str = ""
) -> NilaiPanel:
    """Record one panel member's score (by the member or by HR from the score sheet); the SKB score follows."""
    lamaran = sesi.lamaran
    if actor.pk != penilai.pk:
        _require_manage(actor, lamaran.instansi_id)
    if not sesi.panel.filter(pk=penilai.pk).exists():
        raise ValidationError(_("Penilai bukan anggota panel sesi ini."))
    if not (0 <= nilai <= sesi.komponen.nilai_maks):
        raise ValidationError(_("Nilai harus 0 sampai %(m)s.") % {"m": sesi.komponen.nilai_maks})
    with transaction.atomic():
        row = NilaiPanel.objects.filter(sesi=sesi, penilai=penilai).first()
        before = row.nilai if row else None
        row, _created = NilaiPanel.objects.update_or_create(
            sesi=sesi, penilai=penilai, defaults={"nilai": nilai, "catatan": catatan}
        )
        alasan = _("Nilai %(k)s oleh %(p)s") % {"k": sesi.komponen.nama, "p": penilai.get_username()}
        catat(
            lamaran,
            {f"panel:{sesi.komponen_id}:{penilai.pk}": (before, nilai)},
            sumber=SumberPerubahan.PANEL,
            actor=actor,
            alasan=alasan,
        )
        _perbarui_nilai_skb(
            actor=actor, lamaran_ids=[lamaran.pk], alasan=alasan, sumber=SumberPerubahan.PANEL
        )
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE,
            obj=row,
            changes={"nilai": [nilai_str(before), nilai_str(nilai)]},
        )
    return row


# --- Ranking and publication -----------------------------------------------------------------------------------
def peserta_dari(lamaran: Lamaran) -> rules.Peserta:
    return rules.Peserta(
        id=lamaran.pk,
        nomor=lamaran.nomor_peserta,
        memenuhi_syarat={"MS": True, "TMS": False}.get(lamaran.status_administrasi),
        twk=lamaran.twk,
        tiu=lamaran.tiu,
        tkp=lamaran.tkp,
        nilai_skb=lamaran.nilai_skb,
        ipk=lamaran.ipk,
        tanggal_lahir=lamaran.pelamar.tanggal_lahir,
    )


def seleksi_hitung_peringkat(
    *, actor, seleksi: Seleksi, alasan: str = "", sumber=SumberPerubahan.PERINGKAT
) -> int:
    """Rank every approved formasi of the round with rules.peringkat_formasi and store the result. Every change of
    SKD pass, SKB seat, final score, rank or result is written to the ledger. Returns the number of changes."""
    _require_manage(actor, seleksi.instansi_id)
    alasan = alasan or _("Perhitungan peringkat")
    fields = ["lulus_skd", "ikut_skb", "nilai_akhir", "peringkat", "hasil"]
    with transaction.atomic():
        Seleksi.objects.select_for_update().get(pk=seleksi.pk)  # one ranking at a time per round
        ledger: list[RiwayatNilai] = []
        updated = []
        for formasi in seleksi.formasi.filter(status=StatusFormasi.DISETUJUI):
            lamaran = list(
                Lamaran.objects.filter(formasi=formasi, status=StatusLamaran.DIKIRIM)
                .select_related("pelamar")
                .order_by("nomor_peserta")
            )
            hasil = rules.peringkat_formasi(
                [peserta_dari(la) for la in lamaran], formasi.kuota, aturan_formasi(formasi, seleksi)
            )
            for lam, h in zip(lamaran, hasil, strict=True):
                baru = {
                    "lulus_skd": h.lulus_skd,
                    "ikut_skb": h.ikut_skb,
                    "nilai_akhir": h.nilai_akhir,
                    "peringkat": h.peringkat,
                    "hasil": str(h.hasil),
                }
                changes = {k: (getattr(lam, k), v) for k, v in baru.items()}
                if catat(lam, changes, sumber=sumber, actor=actor, alasan=alasan, buffer=ledger):
                    for k, v in baru.items():
                        setattr(lam, k, v)
                    updated.append(lam)
        Lamaran.objects.bulk_update(updated, fields, batch_size=500)
        RiwayatNilai.objects.bulk_create(ledger, batch_size=1000)
        audit.record(
            actor=actor,
            action=audit.Action.WORKFLOW,
            obj=seleksi,
            changes={"lamaran_berubah": [0, len(updated)], "catatan_riwayat": [0, len(ledger)]},
            reason=alasan,
        )
    return len(ledger)


def seleksi_publikasikan(*, actor, seleksi: Seleksi, tahap: str, nomor: str, catatan: str = "") -> Publikasi:
    """Publish the current results of a stage: registration numbers and status only (plus scores for SKD and the
    final stage, as BKN announcements do). The list is frozen with the ledger position it was computed from."""
    from .selectors import isi_publikasi

    _require_manage(actor, seleksi.instansi_id)
    if tahap not in TahapPublikasi.values:
        raise ValidationError(_("Tahap publikasi tidak sah."))
    with transaction.atomic():
        Seleksi.objects.select_for_update().get(pk=seleksi.pk)
        if tahap != TahapPublikasi.ADMINISTRASI:
            seleksi_hitung_peringkat(actor=actor, seleksi=seleksi, alasan=_("Perhitungan sebelum publikasi"))
        last = RiwayatNilai.objects.filter(lamaran__seleksi=seleksi).aggregate(m=Max("id"))["m"] or 0
        pub = Publikasi(
            instansi_id=seleksi.instansi_id,
            seleksi=seleksi,
            tahap=tahap,
            nomor=nomor.strip(),
            catatan=catatan,
            isi=isi_publikasi(seleksi=seleksi, tahap=tahap),
            riwayat_sampai=last,
            oleh=actor,
        )
        pub.full_clean()
        pub.save()
        audit.record(
            actor=actor,
            action=audit.Action.WORKFLOW,
            obj=pub,
            changes={"peserta": [0, len(pub.isi.get("peserta", []))]},
            reason=_("Publikasi %(t)s") % {"t": pub.get_tahap_display()},
        )
        # Render the printable announcement once, in the background (publish never waits on the broker; if it
        # is down, the first download renders and stores it instead).
        from asnportal import jobs

        pub_id = pub.pk
        transaction.on_commit(lambda: jobs.publish("rekrutmen.publikasi_dokumen_task", pub_id))
    return pub


def publikasi_kelompok(pub: Publikasi) -> list[dict]:
    """Rows of a publication grouped by formasi, for display."""
    out = []
    for f in pub.isi.get("formasi", []):
        out.append({**f, "peserta": [r for r in pub.isi.get("peserta", []) if r["formasi_id"] == f["id"]]})
    return out


def publikasi_dokumen(pub_id: int, *, base_url: str | None = None):
    """The announcement PDF of a publication, rendered once and kept in the document core (idempotent)."""
    from asnportal.dokumen import render as core_render
    from asnportal.dokumen import services as dokumen_services

    with transaction.atomic():
        pub = (
            Publikasi.objects.select_for_update(of=("self",))
            .select_related("seleksi__instansi", "oleh")
            .get(pk=pub_id)
        )
        ada = dokumen_services.dokumen_untuk(pub, "rekrutmen.pengumuman").first()
        if ada is not None:
            return ada
        seleksi = pub.seleksi
        return dokumen_services.dokumen_terbitkan(
            actor=pub.oleh,
            instansi=seleksi.instansi,
            jenis="rekrutmen.pengumuman",
            judul=f"Pengumuman {pub.get_tahap_display()} {seleksi.nama}"[:255],
            pemegang_nama=f"Peserta {seleksi.nama}"[:255],
            konteks={
                "pub": pub,
                "seleksi": seleksi,
                "kelompok": publikasi_kelompok(pub),
                "tanggal_pengumuman": core_render.tanggal_panjang(
                    timezone.localtime(pub.diumumkan_at).date()
                ),
            },
            ttd={"kota": seleksi.instansi.ibu_kota or "", "jabatan": "Panitia Seleksi", "nama": ""},
            tanggal=timezone.localtime(pub.diumumkan_at).date(),
            sumber=pub,
            nomor=pub.nomor,
            base_url=base_url,
        )


# --- Sanggah ---------------------------------------------------------------------------------------------------
def masa_sanggah_buka(seleksi: Seleksi, tahap: str, hari_ini: dt.date | None = None) -> bool:
    hari_ini = hari_ini or timezone.localdate()
    if tahap == TahapSanggah.ADMINISTRASI:
        return rules.dalam_masa(
            hari_ini, seleksi.sanggah_administrasi_mulai, seleksi.sanggah_administrasi_selesai
        )
    return rules.dalam_masa(hari_ini, seleksi.pengumuman, seleksi.sanggah_selesai)


def sanggah_ajukan(*, pelamar: Pelamar, lamaran: Lamaran, tahap: str, alasan: str) -> Sanggah:
    """An applicant appeals a result within the window (domain.md §3.4); one sanggah per stage."""
    if lamaran.pelamar_id != pelamar.pk:
        raise PermissionDenied
    if lamaran.status != StatusLamaran.DIKIRIM:
        raise ValidationError(_("Lamaran belum dikirim."))
    if not masa_sanggah_buka(lamaran.seleksi, tahap):
        raise ValidationError(_("Masa sanggah untuk tahap ini tidak sedang berlangsung."))
    if not alasan.strip():
        raise ValidationError({"alasan": _("Alasan sanggah wajib diisi.")})
    try:
        with transaction.atomic():
            s = Sanggah.objects.create(lamaran=lamaran, tahap=tahap, alasan=alasan.strip())
            audit.record(actor=None, action=audit.Action.CREATE, obj=s, reason=_("Sanggah diajukan pelamar"))
    except IntegrityError as exc:
        raise ValidationError(_("Anda sudah mengajukan sanggah untuk tahap ini.")) from exc
    return s


def sanggah_jawab(
    *,
    actor,
    sanggah: Sanggah,
    diterima: bool,
    jawaban: str,
    koreksi_nilai: dict[str, object] | None = None,
    koreksi_syarat: dict[int, tuple[str, str]] | None = None,
) -> Sanggah:
    """HR answers a sanggah. Accepted with corrections (a score, or a requirement's verification) → the values are
    changed with the sanggah as the recorded reason, and the round is re-ranked (recorded in the ledger)."""
    lamaran = sanggah.lamaran
    _require_manage(actor, lamaran.instansi_id)
    if sanggah.status != StatusSanggah.DIAJUKAN:
        raise ValidationError(_("Sanggah ini sudah dijawab."))
    if not jawaban.strip():
        raise ValidationError({"jawaban": _("Jawaban wajib diisi.")})
    koreksi_nilai = {k: v for k, v in (koreksi_nilai or {}).items() if v not in (None, "")}
    if not diterima and (koreksi_nilai or koreksi_syarat):
        raise ValidationError(_("Koreksi hanya untuk sanggah yang diterima."))
    alasan = _("Sanggah #%(id)s diterima: %(j)s") % {"id": sanggah.pk, "j": jawaban.strip()}
    with transaction.atomic():
        s = Sanggah.objects.select_for_update().get(pk=sanggah.pk)
        s.status = StatusSanggah.DITERIMA if diterima else StatusSanggah.DITOLAK
        s.jawaban, s.dijawab_oleh, s.dijawab_at = jawaban.strip(), actor, timezone.now()
        s.save()
        berubah = False
        if koreksi_syarat:
            verifikasi_simpan(
                actor=actor, lamaran=lamaran, hasil=koreksi_syarat, sumber=SumberPerubahan.SANGGAH
            )
            berubah = True
        if koreksi_nilai:
            lam = Lamaran.objects.select_for_update().get(pk=lamaran.pk)
            values = {}
            for field, value in koreksi_nilai.items():
                if field not in KOREKSI_FIELDS:
                    raise ValidationError(_("Nilai %(f)s tidak dapat dikoreksi.") % {"f": field})
                values[field] = Decimal(str(value)) if field == "skb_cat" else int(value)
            changes = {k: (getattr(lam, k), v) for k, v in values.items()}
            catat(lam, changes, sumber=SumberPerubahan.SANGGAH, actor=actor, alasan=alasan)
            for k, v in values.items():
                setattr(lam, k, v)
            lam.full_clean(validate_constraints=False, exclude=["pelamar", "seleksi", "formasi", "instansi"])
            lam.save(update_fields=list(values))
            if "skb_cat" in values:
                _perbarui_nilai_skb(
                    actor=actor, lamaran_ids=[lam.pk], alasan=alasan, sumber=SumberPerubahan.SANGGAH
                )
            berubah = True
        if berubah:
            seleksi_hitung_peringkat(
                actor=actor, seleksi=lamaran.seleksi, alasan=alasan, sumber=SumberPerubahan.SANGGAH
            )
        audit.record(
            actor=actor,
            action=audit.Action.WORKFLOW,
            obj=s,
            changes={
                "status": ["diajukan", s.status],
                "koreksi": [None, {k: nilai_str(v) for k, v in koreksi_nilai.items()}],
            },
            reason=jawaban.strip(),
        )
        _kirim_email(lamaran.pelamar_id, "sanggah", lamaran.pk)
    return s
