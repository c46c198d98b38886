"""Writes of the survei app.

The public submission path (`periksa_pengirim`, `respons_simpan`) touches only the database: the rate limit,
the rejection counters and the response row are SQL statements, so a Redis or worker outage can neither block
nor fail a citizen's answer. HR writes are keyword-only, atomic and audited.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import time

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from asnportal import audit, ratelimit

from . import conf, rules, selectors
from .choices import AlasanPenolakan
from .models import (
    BatasLaju,
    PenolakanRespons,
    PopulasiLayanan,
    PublikasiIKM,
    RencanaTindakLanjut,
    Respons,
    UnitLayanan,
)

TOKEN_SALT = "survei.formulir"  # noqa: S105 - a signing salt, not a secret
TANDA_TERIMA_SALT = "survei.tanda-terima"


class Ditolak(Exception):
    """A public submission refused by an abuse check; `alasan` is an AlasanPenolakan value."""

    def __init__(
        self, alasan: str, pesan: str = "", respons_id: int | None = None, coba_lagi_detik: int | None = None
    ):
        super().__init__(alasan)
        self.alasan = alasan
        self.pesan = pesan
        self.respons_id = respons_id
        self.coba_lagi_detik = coba_lagi_detik  # for BATAS_LAJU: seconds until the window resets


def _hash(value: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()


def hash_ip(ip: str | None) -> str:
    """A keyed hash of the client IP: enough for the rate limit, not personal data kept in clear."""
    return _hash(f"ip:{ip or '-'}")


def buat_token(unit: UnitLayanan, now: float | None = None) -> str:
    """Signed form token carrying the unit and the time the form was served (for the minimum fill time)."""
    return signing.dumps(
        {"u": unit.pk, "t": round(now if now is not None else time.time(), 3)}, salt=TOKEN_SALT
    )


def _baca_token(token: str, unit: UnitLayanan, now: float) -> float:
    """Seconds since the form was served; raises Ditolak(TOKEN) when forged, for another unit, or stale."""
    try:
        data = signing.loads(token or "", salt=TOKEN_SALT, max_age=conf.token_umur_maksimum())
    except signing.SignatureExpired as exc:
        raise Ditolak(
            AlasanPenolakan.TOKEN,
            _("Formulir sudah terlalu lama dibuka. Periksa jawaban Anda lalu kirim lagi."),
        ) from exc
    except signing.BadSignature as exc:
        raise Ditolak(
            AlasanPenolakan.TOKEN, _("Formulir tidak sah. Periksa jawaban Anda lalu kirim lagi.")
        ) from exc
    if not isinstance(data, dict) or data.get("u") != unit.pk:
        raise Ditolak(AlasanPenolakan.TOKEN, _("Formulir tidak sah. Periksa jawaban Anda lalu kirim lagi."))
    umur = now - float(data.get("t", now))
    if umur > conf.token_umur_maksimum():
        raise Ditolak(
            AlasanPenolakan.TOKEN,
            _("Formulir sudah terlalu lama dibuka. Periksa jawaban Anda lalu kirim lagi."),
        )
    return umur


def catat_penolakan(*, unit: UnitLayanan, alasan: str, tanggal: dt.date | None = None) -> None:
    """Count one rejected submission for HR (per unit, day, reason); its own transaction, so it is kept."""
    tanggal = tanggal or timezone.localdate()
    key = {"unit": unit, "tanggal": tanggal, "alasan": alasan}
    with transaction.atomic():
        if PenolakanRespons.objects.filter(**key).update(jumlah=F("jumlah") + 1):
            return
        try:
            with transaction.atomic():
                PenolakanRespons.objects.create(instansi_id=unit.instansi_id, jumlah=1, **key)
        except IntegrityError:  # a concurrent first rejection created the row
            PenolakanRespons.objects.filter(**key).update(jumlah=F("jumlah") + 1)


KIOSK_SALT = "survei.kiosk"
KIOSK_COOKIE = "skm_kiosk"


def kiosk_token(unit: UnitLayanan, perangkat: str) -> str:
    """Signed cookie value that marks a browser as registered kiosk/tablet `perangkat` of `unit`."""
    return signing.dumps({"u": unit.pk, "k": unit.kiosk_kunci, "d": perangkat}, salt=KIOSK_SALT)


def kiosk_perangkat(unit: UnitLayanan, cookie: str | None) -> str | None:
    """The device id when `cookie` registers this browser as a kiosk of `unit` and the registration was not
    revoked (HR revokes every device of a unit at once by clearing the unit's kiosk key); None otherwise."""
    if not cookie or not unit.kiosk_kunci:
        return None
    try:
        data = signing.loads(cookie, salt=KIOSK_SALT)
    except signing.BadSignature:
        return None
    if (
        isinstance(data, dict)
        and data.get("u") == unit.pk
        and hmac.compare_digest(str(data.get("k", "")), unit.kiosk_kunci)
        and data.get("d")
    ):
        return str(data["d"])
    return None


def kiosk_daftar(*, actor, unit: UnitLayanan) -> str:
    """Register the actor's browser as a kiosk of `unit` (a new device id; the unit gets a kiosk key if it
    has none) and return the cookie value to set. Audited."""
    import secrets

    with transaction.atomic():
        if not unit.kiosk_kunci:
            unit.kiosk_kunci = secrets.token_hex(16)
            unit.save(update_fields=["kiosk_kunci"])
        audit.record(
            actor=actor, action=audit.Action.WORKFLOW, obj=unit, reason=_("Perangkat kiosk didaftarkan")
        )
    return kiosk_token(unit, secrets.token_hex(8))


def kiosk_cabut(*, actor, unit: UnitLayanan) -> None:
    """Revoke every kiosk device of `unit` (their cookies no longer match). Audited."""
    with transaction.atomic():
        unit.kiosk_kunci = ""
        unit.save(update_fields=["kiosk_kunci"])
        audit.record(
            actor=actor, action=audit.Action.WORKFLOW, obj=unit, reason=_("Semua perangkat kiosk dicabut")
        )


def _sisa_jendela(now: dt.datetime) -> int:
    """Seconds until the current fixed rate-limit window ends (for the Retry-After header)."""
    start = ratelimit.window_start(now, conf.jendela_detik())
    return max(1, int((start + dt.timedelta(seconds=conf.jendela_detik()) - now).total_seconds()) + 1)


def _tambah_percobaan(ip_hash: str, now: dt.datetime) -> int:
    """Increment and return the attempt counter of this IP's current fixed window: one upsert statement in the
    database (shared by every web process, works without Redis; see asnportal.ratelimit)."""
    return ratelimit.hit(BatasLaju, "ip_hash", ip_hash, conf.jendela_detik(), now)


def periksa_pengirim(
    *,
    unit: UnitLayanan,
    ip: str | None,
    token: str,
    jebakan: str,
    now: dt.datetime | None = None,
    kiosk: str | None = None,
) -> None:
    """Abuse checks that run before the answers are validated, in this order: rate limit per IP (per device
    for a registered kiosk of the unit, `kiosk` = its device id, with its own higher limit), honeypot, signed
    form token and minimum fill time. Each refusal is counted and raised as Ditolak."""
    now = now or timezone.now()
    try:
        if kiosk:
            kunci, batas = _hash(f"kiosk:{unit.pk}:{unit.kiosk_kunci}:{kiosk}"), conf.batas_kirim_kiosk()
        else:
            kunci, batas = hash_ip(ip), conf.batas_kirim_per_ip()
        if _tambah_percobaan(kunci, now) > batas:
            detik = _sisa_jendela(now)
            raise Ditolak(
                AlasanPenolakan.BATAS_LAJU,
                _(
                    "Terlalu banyak pengiriman dari jaringan Anda. Silakan coba lagi dalam %(menit)d menit "
                    "(pukul %(jam)s)."
                )
                % {
                    "menit": max(1, (detik + 59) // 60),
                    "jam": timezone.localtime(now + dt.timedelta(seconds=detik)).strftime("%H:%M"),
                },
                coba_lagi_detik=detik,
            )
        if jebakan:
            raise Ditolak(AlasanPenolakan.HONEYPOT)
        umur = _baca_token(token, unit, now.timestamp())
        if umur < conf.waktu_isi_minimum():
            raise Ditolak(
                AlasanPenolakan.TERLALU_CEPAT,
                _(
                    "Formulir dikirim terlalu cepat. Periksa kembali jawaban Anda, lalu tekan Kirim sekali lagi."
                ),
            )
    except Ditolak as exc:
        catat_penolakan(unit=unit, alasan=exc.alasan, tanggal=timezone.localtime(now).date())
        raise


def _sidik(unit: UnitLayanan, data: dict) -> str:
    isi = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in sorted(data.items())}
    isi["saran"] = " ".join(str(isi.get("saran", "")).split()).lower()
    return _hash(f"isi:{unit.pk}:" + json.dumps(isi, sort_keys=True, default=str))


RESPONS_FIELDS = (
    *rules.KODE_UNSUR,
    "usia",
    "jenis_kelamin",
    "pendidikan",
    "pekerjaan",
    "jenis_layanan",
    "tanggal",
    "slot_waktu",
    "saran",
    "nama",
    "kontak",
)


def respons_simpan(
    *, unit: UnitLayanan, data: dict, ip: str | None, token: str, now: dt.datetime | None = None
) -> Respons:
    """Write a validated questionnaire synchronously. A form token is single-use: a replay of a token already
    stored with the same answers (a double tap, a resubmitted page) is refused as Ditolak(DUPLIKAT) carrying
    the stored row's id, so the citizen still sees a confirmation; the same token with other answers is refused
    as Ditolak(TOKEN_TERPAKAI). Two citizens with identical answers on their own forms are two responses,
    whatever their IP (a service counter shares one)."""
    now = now or timezone.now()
    fields = {k: data.get(k) if data.get(k) is not None else "" for k in RESPONS_FIELDS}
    ip_hash, token_hash = hash_ip(ip), _hash(f"token:{token}")
    sidik = _sidik(unit, fields)

    def _tolak_ulang(lama):
        tanggal = timezone.localtime(now).date()
        if lama[1] == sidik:
            catat_penolakan(unit=unit, alasan=AlasanPenolakan.DUPLIKAT, tanggal=tanggal)
            raise Ditolak(AlasanPenolakan.DUPLIKAT, respons_id=lama[0])
        catat_penolakan(unit=unit, alasan=AlasanPenolakan.TOKEN_TERPAKAI, tanggal=tanggal)
        raise Ditolak(
            AlasanPenolakan.TOKEN_TERPAKAI,
            _(
                "Formulir ini sudah pernah dikirim dan jawabannya sudah tersimpan. Jawaban di bawah belum "
                "tersimpan: jika ini survei baru, periksa lalu tekan Kirim sekali lagi."
            ),
            respons_id=lama[0],
        )

    # The unique constraint on (unit, token_hash) is what makes the token single-use, also for two
    # submissions of one form racing each other (a double tap): the loser lands here.
    try:
        with transaction.atomic():
            return Respons.objects.create(
                instansi_id=unit.instansi_id,
                unit=unit,
                persetujuan=bool(data.get("persetujuan")),
                persetujuan_versi=conf.VERSI_PEMBERITAHUAN_PRIVASI,
                persetujuan_waktu=now,
                ip_hash=ip_hash,
                token_hash=token_hash,
                sidik=sidik,
                **fields,
            )
    except IntegrityError:
        lama = Respons.objects.filter(unit=unit, token_hash=token_hash).values_list("id", "sidik").first()
        if lama is None:  # another constraint failed: not a replay
            raise
        _tolak_ulang(lama)


def tanda_terima(respons_id: int) -> str:
    return signing.dumps(respons_id, salt=TANDA_TERIMA_SALT)


def baca_tanda_terima(value: str) -> int | None:
    try:
        return int(signing.loads(value or "", salt=TANDA_TERIMA_SALT, max_age=24 * 3600))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def bersihkan_batas_laju(*, sebelum: dt.datetime | None = None) -> int:
    """Delete rate-limit windows that ended (default: older than a day)."""
    sebelum = sebelum or timezone.now() - dt.timedelta(days=1)
    deleted, _detail = BatasLaju.objects.filter(jendela__lt=sebelum).delete()
    return deleted


# --- HR writes ------------------------------------------------------------------------------------------


def unit_layanan_simpan(*, actor, data: dict, unit: UnitLayanan | None = None) -> UnitLayanan:
    """Create (unit None) or change a unit layanan; instansi follows its unit kerja (already scoped)."""
    with transaction.atomic():
        if unit is None:
            obj = UnitLayanan(**data)
            obj.instansi_id = obj.unit_kerja.instansi_id
            before = {}
        else:
            obj = UnitLayanan.objects.select_for_update().get(pk=unit.pk)
            before = audit.snapshot(obj)
            for k, v in data.items():
                setattr(obj, k, v)
            obj.instansi_id = obj.unit_kerja.instansi_id
        obj.full_clean()
        obj.save()
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE if before else audit.Action.CREATE,
            obj=obj,
            changes=audit.diff(before, audit.snapshot(obj)),
        )
    return obj


def populasi_simpan(
    *, actor, unit: UnitLayanan, jenis_periode: str, tahun: int, nomor: int, jumlah_pengguna: int
) -> PopulasiLayanan:
    with transaction.atomic():
        obj, created = PopulasiLayanan.objects.select_for_update().get_or_create(
            unit=unit,
            jenis_periode=jenis_periode,
            tahun=tahun,
            nomor=nomor,
            defaults={"instansi_id": unit.instansi_id, "jumlah_pengguna": jumlah_pengguna},
        )
        before = {} if created else {"jumlah_pengguna": obj.jumlah_pengguna}
        obj.jumlah_pengguna = jumlah_pengguna
        obj.full_clean()
        obj.save()
        audit.record(
            actor=actor,
            action=audit.Action.CREATE if created else audit.Action.UPDATE,
            obj=obj,
            changes=audit.diff(before, {"jumlah_pengguna": jumlah_pengguna}),
        )
    return obj


class PublikasiError(Exception):
    """The result cannot be published (message in Indonesian)."""


def publikasi_terbitkan(
    *, actor, unit: UnitLayanan, jenis_periode: str, tahun: int, nomor: int
) -> PublikasiIKM:
    """Freeze and publish a unit's result for a period. Refused without responses, without the population
    of service users, or when the sample is below the Krejcie & Morgan minimum (domain.md §2)."""
    start, end = rules.batas_periode(jenis_periode, tahun, nomor)
    with transaction.atomic():
        ringkas = selectors.ringkasan_unit(unit=unit, start=start, end=end)
        hasil = ringkas["hasil"]
        if hasil is None:
            raise PublikasiError(_("Belum ada respons pada periode ini."))
        populasi = selectors.populasi(unit=unit, jenis_periode=jenis_periode, tahun=tahun, nomor=nomor)
        if populasi is None:
            raise PublikasiError(_("Isi dulu jumlah pengguna layanan (populasi) periode ini."))
        minimum = rules.sampel_minimum(populasi)
        if hasil.jumlah_responden < minimum:
            raise PublikasiError(
                _("Sampel belum cukup: %(n)s responden, minimum %(m)s untuk populasi %(p)s.")
                % {"n": hasil.jumlah_responden, "m": minimum, "p": populasi}
            )
        obj, created = PublikasiIKM.objects.update_or_create(
            unit=unit,
            jenis_periode=jenis_periode,
            tahun=tahun,
            nomor=nomor,
            defaults={
                "instansi_id": unit.instansi_id,
                "jumlah_responden": hasil.jumlah_responden,
                "jumlah_nilai": ringkas["jumlah_nilai"],
                "bobot": unit.bobot,
                "nilai": hasil.nilai,
                "mutu": hasil.mutu,
                "kinerja": hasil.kinerja,
                "populasi": populasi,
                "diterbitkan_oleh": actor,
            },
        )
        audit.record(
            actor=actor,
            action=audit.Action.WORKFLOW,
            obj=obj,
            changes={"nilai": [None, str(hasil.nilai)], "mutu": [None, hasil.mutu]},
            reason=_("Publikasi IKM"),
        )
    return obj


def publikasi_cabut(*, actor, publikasi: PublikasiIKM) -> None:
    with transaction.atomic():
        audit.record(
            actor=actor, action=audit.Action.DELETE, obj=publikasi, reason=_("Publikasi IKM dicabut")
        )
        publikasi.delete()


RTL_FIELDS = ("unsur", "kegiatan", "penanggung_jawab", "tenggat", "status", "catatan")


def rtl_simpan(
    *, actor, data: dict, unit: UnitLayanan | None = None, rtl: RencanaTindakLanjut | None = None
) -> RencanaTindakLanjut:
    """Create a follow-up action for a unit and period (unit given) or change one (rtl given)."""
    with transaction.atomic():
        if rtl is None:
            obj = RencanaTindakLanjut(unit=unit, instansi_id=unit.instansi_id)
            before = {}
        else:
            obj = RencanaTindakLanjut.objects.select_for_update().get(pk=rtl.pk)
            before = audit.snapshot(obj)
        for k, v in data.items():
            if k in (*RTL_FIELDS, "jenis_periode", "tahun", "nomor"):
                setattr(obj, k, v)
        obj.full_clean()
        obj.save()
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE if before else audit.Action.CREATE,
            obj=obj,
            changes=audit.diff(before, audit.snapshot(obj)),
        )
    return obj
