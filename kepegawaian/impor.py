"""Bulk data: import of pegawai and jabatan from CSV/XLSX (all-or-nothing, NIP/kode as key), the import
templates, export of a pegawai list, and reconciliation with a SIASN extract.

Reading goes through asnportal.tabular.read_table (hostile-file checks); every row is validated before anything
is written; a real import writes with bulk operations in one transaction so 10,000 rows take seconds.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from asnportal import audit, scoping, tabular
from asnportal.models import AuditLog
from asnportal.tabular import RowError

from . import rules, selectors
from .choices import (
    JenisJabatan,
    JenisKenaikanPangkat,
    JenisRiwayatJabatan,
    JenisSelisih,
    Jenjang,
    KeputusanSelisih,
    Pendidikan,
    StatusAktif,
    StatusKepegawaian,
)
from .models import (
    Jabatan,
    Pegawai,
    RekonsiliasiSIASN,
    RiwayatJabatan,
    RiwayatPangkat,
    SelisihSIASN,
    UnitKerja,
)

# --- Templates (documented columns; the header row is what HR officers already use) ---------------------------
KOLOM_PEGAWAI = [
    ("nip", _("wajib; 18 digit NIP (PNS/CPNS) atau NI PPPK")),
    ("nama", _("wajib; tanpa gelar")),
    ("status_kepegawaian", _("wajib; PNS, CPNS atau PPPK")),
    ("gelar_depan", ""),
    ("gelar_belakang", ""),
    ("nik", _("16 digit")),
    ("tempat_lahir", ""),
    ("tanggal_lahir", _("DD-MM-YYYY; kosong = diambil dari NIP")),
    ("jenis_kelamin", _("L atau P; kosong = diambil dari NIP")),
    ("agama", ""),
    ("tmt_cpns", _("DD-MM-YYYY")),
    ("golongan", _("III/a … IV/e; PPPK: I … XVII")),
    ("tmt_golongan", _("DD-MM-YYYY")),
    ("kode_jabatan", _("kode jabatan yang sudah ada di portal")),
    ("tmt_jabatan", _("DD-MM-YYYY")),
    ("pendidikan_terakhir", _("SD, SMP, SMA, D1–D4, S1, S2, S3")),
    ("jurusan", ""),
    ("email", ""),
    ("telepon", ""),
    ("alamat", ""),
]
WAJIB_PEGAWAI = ["nip", "nama", "status_kepegawaian"]

KOLOM_JABATAN = [
    ("kode", _("wajib; kunci jabatan dalam instansi")),
    ("nama", _("wajib")),
    ("unit_kerja", _("wajib; kode atau nama unit kerja")),
    ("jenis", _("wajib; JPT, ADMINISTRATOR, PENGAWAS, PELAKSANA, FUNGSIONAL")),
    ("jenjang", _("mis. AHLI_MUDA; kosong bila tidak ada")),
    ("kelas_jabatan", _("1–17")),
    ("kode_atasan", _("kode jabatan atasan")),
    ("jumlah_formasi", _("angka")),
    ("kepala_unit", _("ya/tidak")),
]
WAJIB_JABATAN = ["kode", "nama", "unit_kerja", "jenis"]

KOLOM_SIASN = [
    ("nip", _("wajib")),
    ("nama", ""),
    ("golongan", ""),
    ("tmt_golongan", _("DD-MM-YYYY")),
    ("jabatan", _("nama jabatan")),
    ("unit_kerja", _("nama unit kerja")),
]


def template_bytes(kind: str, fmt: str) -> bytes:
    cols = {"pegawai": KOLOM_PEGAWAI, "jabatan": KOLOM_JABATAN, "siasn": KOLOM_SIASN, "unit": KOLOM_UNIT}[
        kind
    ]
    headers = [c for c, _k in cols]
    notes = [[c, str(k)] for c, k in cols]
    if fmt == "csv":
        return tabular.write_csv(headers, [])
    return tabular.write_xlsx(
        {kind: (headers, []), "petunjuk": (["kolom", "keterangan"], notes)}, text_columns=KOLOM_TEKS
    )


# Identity numbers: text columns in every XLSX we write (Excel keeps only 15 significant digits of a number).
KOLOM_TEKS = ("nip", "nik", "ni_pppk")
_ILMIAH = re.compile(r"^\d+(?:[.,]\d+)?[eE][+]?\d+$")


def nomor_induk_teks(value, kolom: str) -> str:
    """The digits of a NIP/NIK cell, or ValueError with a clear message when the spreadsheet has already
    turned it into a number: scientific form (1,99E+17) or an 18-digit number whose last digits Excel rounded
    to zeros. Such a value can never be trusted, so it is refused rather than "repaired"."""
    if isinstance(value, float):
        raise ValueError(
            _(
                "%(kolom)s terbaca sebagai angka (%(v)s), bukan teks: Excel membulatkan angka lebih dari 15 "
                "digit. Format kolom %(kolom)s sebagai Teks (templat sudah begitu) lalu ketik ulang nomornya."
            )
            % {"kolom": kolom.upper(), "v": repr(value)}
        )
    if isinstance(value, int) and len(str(value)) > 15 and str(value)[15:].strip("0") == "":
        raise ValueError(
            _(
                "%(kolom)s %(v)s tampak dibulatkan Excel (digit terakhirnya nol semua). Format kolom sebagai "
                "Teks lalu ketik ulang nomor lengkapnya."
            )
            % {"kolom": kolom.upper(), "v": value}
        )
    text = _s(value).replace(" ", "")
    if _ILMIAH.match(text):
        raise ValueError(
            _(
                "%(kolom)s '%(v)s' berbentuk ilmiah (E+): Excel sudah membulatkannya. Format kolom sebagai Teks "
                "lalu ketik ulang nomor lengkapnya."
            )
            % {"kolom": kolom.upper(), "v": text}
        )
    return text


# --- Parsing helpers ---------------------------------------------------------------------------------------
@dataclass
class ImporHasil:
    total: int = 0
    dibuat: int = 0
    diperbarui: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = True
    sama: int = 0  # rows that match the record already (a re-imported export: all of them)

    @property
    def ok(self) -> bool:
        return not self.errors


def _s(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")


def parse_tanggal(value) -> dt.date | None:
    """DD-MM-YYYY (also / and .), YYYY-MM-DD, or a date cell from XLSX. A regex, not strptime: 10,000 rows."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _s(value)
    m = _DMY.match(text)
    parts = (m.group(3), m.group(2), m.group(1)) if m else None
    if parts is None and (m := _YMD.match(text)):
        parts = m.groups()
    if parts:
        try:
            return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
        except ValueError:
            pass
    raise ValueError(_("Tanggal '%(v)s' tidak dikenali; gunakan DD-MM-YYYY.") % {"v": text})


_PENDIDIKAN = {c.value for c in Pendidikan}
_GOLONGAN = set(rules.GOLONGAN_PNS) | set(rules.GOLONGAN_PPPK)
_STATUS = {c.value for c in StatusKepegawaian}
_IMPOR_FIELDS = [
    "nama",
    "status_kepegawaian",
    "gelar_depan",
    "gelar_belakang",
    "nik",
    "tempat_lahir",
    "tanggal_lahir",
    "jenis_kelamin",
    "agama",
    "tmt_cpns",
    "golongan",
    "tmt_golongan",
    "jabatan_id",
    "unit_kerja_id",
    "tmt_jabatan",
    "pendidikan_terakhir",
    "jurusan",
    "email",
    "telepon",
    "alamat",
]


def _parse_pegawai_row(row: dict, jabatan_by_kode: dict) -> tuple[dict, list[RowError]]:
    line = row["_row"]
    errors: list[RowError] = []

    def err(col, msg):
        errors.append(RowError(line, col, _dengan_isi(str(msg), row.get(col))))

    try:
        nip = nomor_induk_teks(row.get("nip"), "nip")
    except ValueError as exc:
        err("nip", exc)
        return {"nip": "", "nama": _s(row.get("nama"))}, errors  # no key: never matched or "duplicated"
    status = _s(row.get("status_kepegawaian")).upper()
    nama = _s(row.get("nama"))
    out = {"nip": nip, "nama": nama, "status_kepegawaian": status}
    if not nama:
        err("nama", _("Nama wajib diisi."))
    elif len(nama) > 150:
        err("nama", _("Nama paling panjang 150 karakter."))
    if status not in _STATUS:
        err("status_kepegawaian", _("Status harus PNS, CPNS atau PPPK."))
        return out, errors
    try:
        info = rules.decode_nomor_induk(nip, status)
    except rules.NipError as exc:
        err("nip", exc)
        return out, errors
    for col in ("tanggal_lahir", "tmt_cpns", "tmt_golongan", "tmt_jabatan"):
        try:
            out[col] = parse_tanggal(row.get(col))
        except ValueError as exc:
            err(col, exc)
            out[col] = None
    if out.get("tanggal_lahir") and out["tanggal_lahir"] != info.tanggal_lahir:
        err("tanggal_lahir", _("Tanggal lahir tidak sesuai dengan NIP."))
    out["tanggal_lahir"] = info.tanggal_lahir
    jk = _s(row.get("jenis_kelamin")).upper()[:1]
    if jk and jk not in ("L", "P"):
        err("jenis_kelamin", _("Jenis kelamin harus L atau P."))
    elif jk and jk != info.jenis_kelamin:
        err("jenis_kelamin", _("Jenis kelamin tidak sesuai dengan digit ke-15 NIP."))
    out["jenis_kelamin"] = info.jenis_kelamin
    if out.get("tmt_cpns") and (pesan := rules.cek_tmt_cpns(info, out["tmt_cpns"])):
        err("tmt_cpns", pesan)
    if not out.get("tmt_cpns") and info.tmt:
        out["tmt_cpns"] = info.tmt
    gol = _s(row.get("golongan"))
    if gol:
        if gol not in _GOLONGAN:
            err("golongan", _("Golongan '%(g)s' tidak dikenal.") % {"g": gol})
        elif (gol in rules.GOLONGAN_PPPK) != (status == StatusKepegawaian.PPPK):
            err("golongan", _("PPPK memakai golongan I–XVII; PNS/CPNS memakai golongan I/a–IV/e."))
    out["golongan"] = gol
    try:
        nik = nomor_induk_teks(row.get("nik"), "nik")
    except ValueError as exc:
        err("nik", exc)
        nik = ""
    if nik:
        try:
            rules.validate_nik(nik)
        except rules.NipError as exc:
            err("nik", exc)
    out["nik"] = nik
    pend = _s(row.get("pendidikan_terakhir")).upper()
    if pend and pend not in _PENDIDIKAN:
        err("pendidikan_terakhir", _("Pendidikan '%(p)s' tidak dikenal.") % {"p": pend})
    out["pendidikan_terakhir"] = pend
    email = _s(row.get("email"))
    if email:
        try:
            validate_email(email)
        except ValidationError:
            err("email", _("Alamat e-mail tidak sah."))
    out["email"] = email
    kode = _s(row.get("kode_jabatan"))
    out["jabatan_id"] = out["unit_kerja_id"] = None
    if kode:
        jab = jabatan_by_kode.get(kode)
        if jab is None:
            err("kode_jabatan", _("Jabatan dengan kode '%(k)s' tidak ada di instansi ini.") % {"k": kode})
        else:
            out["jabatan_id"], out["unit_kerja_id"] = jab
    for col, limit in (
        ("gelar_depan", 40),
        ("gelar_belakang", 60),
        ("tempat_lahir", 100),
        ("agama", 20),
        ("jurusan", 150),
        ("telepon", 20),
        ("alamat", 2000),
    ):
        value = _s(row.get(col))
        if len(value) > limit:
            err(col, _("Paling panjang %(n)s karakter.") % {"n": limit})
        out[col] = value
    return out, errors


def _dengan_isi(message: str, value) -> str:
    """Every row error names the offending value (the row and column are in the RowError)."""
    if isinstance(value, float):
        return message  # the message shows the number as the spreadsheet stored it
    isi = _s(value)
    if not isi or isi in message:
        return message
    return _("%(msg)s (isi: “%(isi)s”)") % {"msg": message, "isi": isi[:60]}


def _chunks(items, size=2000):
    items = list(items)
    for i in range(0, len(items), size):
        yield items[i : i + size]


def pegawai_impor(*, actor, instansi_id: int, uploaded, dry_run: bool = True, progress=None) -> ImporHasil:
    """Import (or re-import) pegawai: NIP is the key, so the same file updates instead of duplicating.

    `progress(percent)` is called while rows are checked (the background job's progress bar).
    Raises asnportal.tabular.ImportFileError for a file that cannot be read at all."""
    if not scoping.can_manage(actor):
        raise PermissionDenied
    progress = progress or (lambda _p: None)
    table = tabular.read_table(uploaded, required=WAJIB_PEGAWAI)
    progress(10)
    hasil = ImporHasil(total=len(table.rows), dry_run=dry_run)
    jabatan_by_kode = {
        kode: (pk, unit_id)
        for pk, kode, unit_id in Jabatan.objects.for_instansi(instansi_id)
        .exclude(kode="")
        .values_list("id", "kode", "unit_kerja_id")
    }
    parsed, seen = [], {}
    step = max(len(table.rows) // 20, 200)
    for i, row in enumerate(table.rows):
        if i and i % step == 0:
            progress(10 + 60 * i // len(table.rows))
        data, errors = _parse_pegawai_row(row, jabatan_by_kode)
        nip = data["nip"]
        if nip in seen and nip:
            errors.append(RowError(row["_row"], "nip", _("NIP sama dengan baris %(r)s.") % {"r": seen[nip]}))
        seen.setdefault(nip, row["_row"])
        hasil.errors.extend(errors)
        parsed.append((row["_row"], data))
    existing: dict[str, Pegawai] = {}
    for chunk in _chunks(seen):
        for p in Pegawai.objects.filter(nip__in=chunk):
            existing[p.nip] = p
    for line, data in parsed:
        p = existing.get(data["nip"])
        if p is not None and p.instansi_id != instansi_id:
            hasil.errors.append(RowError(line, "nip", str(selectors.NIP_TIDAK_DAPAT_DIGUNAKAN)))
    hasil.errors.sort(key=lambda e: (e.row, e.column))
    # A row with an error is neither "baru" nor "diperbarui": it is counted in the errors only.
    salah = {e.row for e in hasil.errors}
    headers = set(table.headers)
    for line, d in parsed:
        if line in salah:
            continue
        p = existing.get(d["nip"])
        if p is None:
            hasil.dibuat += 1
        elif _perubahan(p, d, headers):
            hasil.diperbarui += 1
        else:
            hasil.sama += 1
    progress(75)
    if dry_run or hasil.errors:
        return hasil
    _tulis_pegawai(
        actor=actor,
        instansi_id=instansi_id,
        parsed=parsed,
        existing=existing,
        uploaded=uploaded,
        headers=set(table.headers),
    )
    return hasil


# Which column feeds which field; a column missing from the file never wipes the field on re-import.
_KOLOM_FIELD = {"jabatan_id": "kode_jabatan", "unit_kerja_id": "kode_jabatan"}
_SELALU = {"nama", "status_kepegawaian", "tanggal_lahir", "jenis_kelamin"}


def _perubahan(p: Pegawai, data: dict, headers: set) -> dict:
    """{field: new value} for the fields this row changes on the existing record `p`."""
    out = {}
    for f in _IMPOR_FIELDS:
        kolom = _KOLOM_FIELD.get(f, f)
        if f not in _SELALU and kolom not in headers:
            continue
        if kolom == "kode_jabatan" and not data.get("jabatan_id"):
            continue  # blank kode_jabatan keeps the current position (moves go through mutasi)
        new = data.get(f)
        new = "" if new is None and f not in _NULLABLE else new
        if getattr(p, f) != new:
            out[f] = new
    return out


def _tulis_pegawai(*, actor, instansi_id, parsed, existing, uploaded, headers):
    from .services import unit_labels

    today = dt.date.today()
    labels = unit_labels(instansi_id)
    jab_names = dict(Jabatan.objects.for_instansi(instansi_id).values_list("id", "nama"))
    reason = _("Impor berkas %(f)s") % {"f": getattr(uploaded, "name", "")}
    with transaction.atomic():
        baru, ubah, riwayat_j, riwayat_p, logs = [], [], [], [], []
        tutup_jabatan = []
        for _line, data in parsed:
            p = existing.get(data["nip"])
            if p is None:
                baru.append(Pegawai(instansi_id=instansi_id, **data))
                continue
            changes = {}
            for f, new in _perubahan(p, data, headers).items():
                changes[f] = [audit._plain(getattr(p, f)), audit._plain(new)]
                if f == "jabatan_id" and new:
                    tutup_jabatan.append(p.pk)
                    riwayat_j.append(
                        RiwayatJabatan(
                            pegawai_id=p.pk,
                            jabatan_id=new,
                            nama_jabatan=jab_names.get(new, ""),
                            nama_unit=labels.get(data["unit_kerja_id"], ""),
                            jenis=JenisRiwayatJabatan.KOREKSI,
                            tmt_mulai=data.get("tmt_jabatan") or today,
                            keterangan=reason,
                        )
                    )
                if f == "golongan" and new:
                    riwayat_p.append(
                        RiwayatPangkat(
                            pegawai_id=p.pk,
                            golongan=new,
                            jenis=JenisKenaikanPangkat.KOREKSI,
                            tmt=data.get("tmt_golongan") or today,
                        )
                    )
                setattr(p, f, new)
            if changes:
                ubah.append(p)
                logs.append(_log(actor, AuditLog.Action.UPDATE, p, instansi_id, changes, reason))
        now = timezone.now()
        for p in baru:
            p.updated_at = now
        _fast_insert(Pegawai, baru)
        created = {}
        for chunk in _chunks([p.nip for p in baru]):
            created.update(dict(Pegawai.objects.filter(nip__in=chunk).values_list("nip", "id")))
        for p in baru:
            p.pk = p.id = created[p.nip]
            logs.append(_log(actor, AuditLog.Action.CREATE, p, instansi_id, {}, reason))
            if p.jabatan_id:
                riwayat_j.append(
                    RiwayatJabatan(
                        pegawai_id=p.pk,
                        jabatan_id=p.jabatan_id,
                        nama_jabatan=jab_names.get(p.jabatan_id, ""),
                        nama_unit=labels.get(p.unit_kerja_id, ""),
                        jenis=JenisRiwayatJabatan.AWAL,
                        tmt_mulai=p.tmt_jabatan or p.tmt_cpns or today,
                    )
                )
            if p.golongan:
                riwayat_p.append(
                    RiwayatPangkat(
                        pegawai_id=p.pk,
                        golongan=p.golongan,
                        jenis=JenisKenaikanPangkat.AWAL,
                        tmt=p.tmt_golongan or p.tmt_cpns or today,
                    )
                )
        if ubah:
            Pegawai.objects.bulk_update(ubah, [*_IMPOR_FIELDS, "updated_at"], batch_size=500)
        for chunk in _chunks(tutup_jabatan):
            RiwayatJabatan.objects.filter(pegawai_id__in=chunk, tmt_selesai__isnull=True).update(
                tmt_selesai=today
            )
        for obj in (*riwayat_j, *riwayat_p, *logs):
            obj.created_at = now
        _fast_insert(RiwayatJabatan, riwayat_j)
        _fast_insert(RiwayatPangkat, riwayat_p)
        _fast_insert(AuditLog, logs)


def _fast_insert(model, objs) -> None:
    """INSERT many rows with executemany, skipping the ORM's per-row SQL compilation (10,000 rows in seconds).

    Values go through each field's get_db_prep_save, so types are adapted exactly as the ORM would; auto_now
    fields must be set on the objects by the caller. Ids are not returned (callers re-read them by key)."""
    if not objs:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    qn = connection.ops.quote_name
    # Table and column names come from the model's metadata, never from input; values are parameters.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        qn(model._meta.db_table), ", ".join(qn(f.column) for f in fields), ", ".join(["%s"] * len(fields))
    )
    rows = [[f.get_db_prep_save(getattr(o, f.attname), connection) for f in fields] for o in objs]
    with connection.cursor() as cursor:
        for chunk in _chunks(rows, 1000):
            cursor.executemany(sql, chunk)


_NULLABLE = {"tanggal_lahir", "tmt_cpns", "tmt_golongan", "tmt_jabatan", "jabatan_id", "unit_kerja_id"}


def _log(actor, action, obj, instansi_id, changes, reason):
    return AuditLog(
        actor=actor,
        action=action,
        object_type="kepegawaian.Pegawai",
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        changes=changes,
        reason=reason,
        instansi_id=instansi_id,
    )


# --- Jabatan import ------------------------------------------------------------------------------------------
def jabatan_impor(*, actor, instansi_id: int, uploaded, dry_run: bool = True, progress=None) -> ImporHasil:
    """Import jabatan; `kode` is the key within the instansi (re-import updates). Parents by kode_atasan."""
    if not scoping.can_manage(actor):
        raise PermissionDenied
    table = tabular.read_table(uploaded, required=WAJIB_JABATAN)
    hasil = ImporHasil(total=len(table.rows), dry_run=dry_run)
    units = list(UnitKerja.objects.for_instansi(instansi_id).values_list("id", "kode", "nama"))
    unit_by = {k: i for i, k, _n in units if k}
    unit_by.update({n.lower(): i for i, _k, n in units})
    existing = {j.kode: j for j in Jabatan.objects.for_instansi(instansi_id).exclude(kode="")}
    kode_in_file = {_s(r.get("kode")) for r in table.rows}
    jenis_ok, jenjang_ok = {c.value for c in JenisJabatan}, {c.value for c in Jenjang}
    parsed, seen = [], {}
    for row in table.rows:
        line = row["_row"]
        kode, nama = _s(row.get("kode")), _s(row.get("nama"))
        unit_raw, jenis = _s(row.get("unit_kerja")), _s(row.get("jenis")).upper()
        jenjang, atasan = _s(row.get("jenjang")).upper(), _s(row.get("kode_atasan"))
        d = {"kode": kode, "nama": nama, "jenis": jenis, "jenjang": jenjang, "atasan": atasan}
        errs = []
        if not kode:
            errs.append(RowError(line, "kode", _("Kode wajib diisi.")))
        elif kode in seen:
            errs.append(RowError(line, "kode", _("Kode sama dengan baris %(r)s.") % {"r": seen[kode]}))
        seen.setdefault(kode, line)
        if not nama:
            errs.append(RowError(line, "nama", _("Nama wajib diisi.")))
        d["unit_kerja_id"] = unit_by.get(unit_raw) or unit_by.get(unit_raw.lower())
        if not d["unit_kerja_id"]:
            errs.append(
                RowError(line, "unit_kerja", _("Unit kerja '%(u)s' tidak ditemukan.") % {"u": unit_raw})
            )
        if jenis not in jenis_ok:
            errs.append(RowError(line, "jenis", _("Jenis jabatan '%(j)s' tidak dikenal.") % {"j": jenis}))
        if jenjang and jenjang not in jenjang_ok:
            errs.append(RowError(line, "jenjang", _("Jenjang '%(j)s' tidak dikenal.") % {"j": jenjang}))
        for col, lo, hi in (("kelas_jabatan", 1, 17), ("jumlah_formasi", 0, 32767)):
            raw = _s(row.get(col))
            d[col] = None
            if raw:
                try:
                    d[col] = int(raw)
                    if not lo <= d[col] <= hi:
                        raise ValueError
                except ValueError:
                    errs.append(RowError(line, col, _("Harus angka %(lo)s–%(hi)s.") % {"lo": lo, "hi": hi}))
        d["is_kepala_unit"] = _s(row.get("kepala_unit")).lower() in ("ya", "y", "1", "true")
        if atasan and atasan not in existing and atasan not in kode_in_file:
            errs.append(
                RowError(line, "kode_atasan", _("Jabatan atasan '%(k)s' tidak ditemukan.") % {"k": atasan})
            )
        if atasan and atasan == kode:
            errs.append(
                RowError(line, "kode_atasan", _("Jabatan tidak boleh menjadi atasan dirinya sendiri."))
            )
        for e in errs:
            e.message = _dengan_isi(e.message, row.get(e.column))
        hasil.errors.extend(errs)
        d["_salah"] = bool(errs)
        parsed.append(d)
    # A row with an error is neither "baru" nor "diperbarui".
    hasil.dibuat = sum(1 for d in parsed if not d["_salah"] and d["kode"] not in existing)
    hasil.diperbarui = sum(1 for d in parsed if not d["_salah"] and d["kode"] in existing)
    if dry_run or hasil.errors:
        return hasil
    with transaction.atomic():
        for d in parsed:
            j = existing.get(d["kode"]) or Jabatan(instansi_id=instansi_id, kode=d["kode"])
            action = audit.Action.UPDATE if j.pk else audit.Action.CREATE
            before = audit.snapshot(j) if j.pk else {}
            j.nama, j.jenis, j.jenjang, j.unit_kerja_id = (
                d["nama"],
                d["jenis"],
                d["jenjang"],
                d["unit_kerja_id"],
            )
            j.kelas_jabatan = d["kelas_jabatan"]
            if d["jumlah_formasi"] is not None:
                j.jumlah_formasi = d["jumlah_formasi"]
            j.is_kepala_unit = d["is_kepala_unit"]
            j.save()
            existing[d["kode"]] = j
            audit.record(actor=actor, action=action, obj=j, changes=audit.diff(before, audit.snapshot(j)))
        for d in parsed:
            j = existing[d["kode"]]
            parent_id = existing[d["atasan"]].pk if d["atasan"] else None
            if j.parent_id != parent_id:
                j.parent_id = parent_id
                j.save(update_fields=["parent"])
    return hasil


# --- Export ------------------------------------------------------------------------------------------------
# The export speaks the import's language: the same column names, so an exported file re-imports unchanged
# (NIP is the key; the last columns are for reading and are ignored by the import).
EKSPOR_KOLOM = [
    ("nip", "nip", None),
    ("nama", "nama", None),
    ("gelar_depan", "gelar_depan", None),
    ("gelar_belakang", "gelar_belakang", None),
    ("status_kepegawaian", "status_kepegawaian", None),
    ("jenis_kelamin", "jenis_kelamin", None),
    ("tanggal_lahir", "tanggal_lahir", "date"),
    ("golongan", "golongan", None),
    ("tmt_golongan", "tmt_golongan", "date"),
    ("kode_jabatan", "jabatan__kode", None),
    ("tmt_jabatan", "tmt_jabatan", "date"),
    ("pendidikan_terakhir", "pendidikan_terakhir", None),
    ("jabatan", "jabatan__nama", None),
    ("jenis_jabatan", "jabatan__jenis", None),
    ("unit_kerja", "unit_kerja__label", None),
    ("status_aktif", "status_aktif", None),
]
EKSPOR_HEADERS = [h for h, _f, _t in EKSPOR_KOLOM]


def _cell(value, kind):
    if value is None:
        return ""
    if kind == "date":
        return value.strftime("%d-%m-%Y")
    return value


def pegawai_ekspor(*, actor, queryset, fmt: str, filters: dict) -> bytes:
    """The (already scoped and filtered) pegawai list as XLSX/CSV; cells neutralised; audited as EXPORT."""
    fields = [f for _h, f, _t in EKSPOR_KOLOM]
    kinds = [t for _h, _f, t in EKSPOR_KOLOM]
    rows = (
        [_cell(v, k) for v, k in zip(values, kinds, strict=True)]
        for values in queryset.values_list(*fields).iterator(chunk_size=2000)
    )
    rows = list(rows)
    data = (
        tabular.write_csv(EKSPOR_HEADERS, rows)
        if fmt == "csv"
        else tabular.write_xlsx({"Pegawai": (EKSPOR_HEADERS, rows)}, text_columns=KOLOM_TEKS)
    )
    audit.record(
        actor=actor,
        action=audit.Action.EXPORT,
        object_type="kepegawaian.Pegawai",
        object_repr=_("Ekspor daftar pegawai (%(n)s baris)") % {"n": len(rows)},
        changes={"format": fmt, "filter": filters, "baris": len(rows)},
    )
    return data


# --- SIASN reconciliation ----------------------------------------------------------------------------------
KOLOM_BANDING = ("nama", "golongan", "tmt_golongan", "jabatan", "unit_kerja")


def _norm(value) -> str:
    return " ".join(_s(value).lower().split())


def siasn_impor(*, actor, instansi_id: int, uploaded) -> RekonsiliasiSIASN:
    """Compare a SIASN extract with the portal: per pegawai the fields that differ, and pegawai present on
    one side only. Nothing in the record changes until HR resolves each difference."""
    if not scoping.can_manage(actor):
        raise PermissionDenied
    table = tabular.read_table(uploaded, required=["nip"])
    portal = {
        p["nip"]: p
        for p in Pegawai.objects.for_instansi(instansi_id)
        .filter(status_aktif=StatusAktif.AKTIF)
        .values("id", "nip", "nama", "golongan", "tmt_golongan", "jabatan__nama", "unit_kerja__nama")
    }
    rows, seen = [], set()
    for r in table.rows:
        nip = _s(r.get("nip")).replace(" ", "")
        if not nip or nip in seen:
            continue
        seen.add(nip)
        p = portal.get(nip)
        if p is None:
            rows.append(SelisihSIASN(nip=nip, nama=_s(r.get("nama"))[:150], jenis=JenisSelisih.HANYA_SIASN))
            continue
        ours = {
            "nama": p["nama"],
            "golongan": p["golongan"],
            "tmt_golongan": p["tmt_golongan"].strftime("%d-%m-%Y") if p["tmt_golongan"] else "",
            "jabatan": p["jabatan__nama"] or "",
            "unit_kerja": p["unit_kerja__nama"] or "",
        }
        for kolom in KOLOM_BANDING:
            if kolom not in table.headers:
                continue
            theirs = r.get(kolom)
            if kolom == "tmt_golongan":
                try:
                    d = parse_tanggal(theirs)
                    theirs = d.strftime("%d-%m-%Y") if d else ""
                except ValueError:
                    theirs = _s(theirs)
            if _norm(theirs) != _norm(ours[kolom]):
                rows.append(
                    SelisihSIASN(
                        pegawai_id=p["id"],
                        nip=nip,
                        nama=p["nama"],
                        jenis=JenisSelisih.BEDA,
                        kolom=kolom,
                        nilai_portal=ours[kolom][:300],
                        nilai_siasn=_s(theirs)[:300],
                    )
                )
    for nip, p in portal.items():
        if nip not in seen:
            rows.append(
                SelisihSIASN(pegawai_id=p["id"], nip=nip, nama=p["nama"], jenis=JenisSelisih.HANYA_PORTAL)
            )
    with transaction.atomic():
        rek = RekonsiliasiSIASN.objects.create(
            instansi_id=instansi_id,
            nama_berkas=getattr(uploaded, "name", "")[:255],
            jumlah_baris=len(table.rows),
            dibuat_oleh=actor,
        )
        for s in rows:
            s.rekonsiliasi = rek
        SelisihSIASN.objects.bulk_create(rows, batch_size=1000)
        audit.record(actor=actor, action=audit.Action.CREATE, obj=rek, changes={"selisih": len(rows)})
    return rek


def siasn_putuskan(*, actor, selisih: SelisihSIASN, keputusan: str, catatan: str = "") -> SelisihSIASN:
    """HR resolves one difference: keep ours, or take theirs (applied to the record, audited)."""
    from .services import pegawai_update

    if not scoping.can_manage(actor):
        raise PermissionDenied
    if keputusan not in (KeputusanSelisih.AMBIL_SIASN, KeputusanSelisih.PERTAHANKAN):
        raise ValidationError({"keputusan": _("Pilih keputusan.")})
    with transaction.atomic():
        selisih = SelisihSIASN.objects.select_for_update().select_related("rekonsiliasi").get(pk=selisih.pk)
        if keputusan == KeputusanSelisih.AMBIL_SIASN:
            if selisih.jenis != JenisSelisih.BEDA or selisih.pegawai_id is None:
                raise ValidationError(
                    _(
                        "Pegawai yang hanya ada di satu sisi diselesaikan lewat impor atau mutasi, bukan di sini."
                    )
                )
            pegawai = selisih.pegawai
            value = selisih.nilai_siasn
            instansi_id = selisih.rekonsiliasi.instansi_id
            if selisih.kolom == "tmt_golongan":
                data = {"tmt_golongan": parse_tanggal(value) if value else None}
            elif selisih.kolom == "jabatan":
                jab = Jabatan.objects.for_instansi(instansi_id).filter(nama__iexact=value, aktif=True)
                if jab.count() != 1:
                    raise ValidationError(
                        _("Jabatan '%(v)s' tidak ditemukan tepat satu di portal.") % {"v": value}
                    )
                data = {"jabatan": jab.get()}
            elif selisih.kolom == "unit_kerja":
                if pegawai.jabatan_id:
                    raise ValidationError(_("Unit kerja mengikuti jabatan; ubah jabatannya (mutasi)."))
                unit = UnitKerja.objects.for_instansi(instansi_id).filter(nama__iexact=value)
                if unit.count() != 1:
                    raise ValidationError(
                        _("Unit '%(v)s' tidak ditemukan tepat satu di portal.") % {"v": value}
                    )
                data = {"unit_kerja": unit.get()}
            else:
                data = {selisih.kolom: value}
            pegawai_update(
                actor=actor,
                pegawai=pegawai,
                data=data,
                reason=f"Rekonsiliasi SIASN #{selisih.rekonsiliasi_id}",
            )
            if selisih.kolom == "tmt_golongan" and data["tmt_golongan"] and pegawai.golongan:
                # The rank history row of the current golongan carries the same TMT (else the history and the
                # record disagree): correct it, audited.
                riwayat = (
                    RiwayatPangkat.objects.filter(pegawai=pegawai, golongan=pegawai.golongan)
                    .order_by("-tmt")
                    .first()
                )
                if riwayat is not None and riwayat.tmt != data["tmt_golongan"]:
                    lama = riwayat.tmt
                    riwayat.tmt = data["tmt_golongan"]
                    riwayat.save(update_fields=["tmt"])
                    audit.record(
                        actor=actor,
                        action=audit.Action.UPDATE,
                        obj=riwayat,
                        changes={"tmt": [audit._plain(lama), audit._plain(riwayat.tmt)]},
                        reason=f"Rekonsiliasi SIASN #{selisih.rekonsiliasi_id}",
                    )
        selisih.keputusan, selisih.catatan = keputusan, catatan[:255]
        selisih.diputuskan_oleh, selisih.diputuskan_pada = actor, timezone.now()
        selisih.save(update_fields=["keputusan", "catatan", "diputuskan_oleh", "diputuskan_pada"])
        audit.record(
            actor=actor,
            action=audit.Action.WORKFLOW,
            obj=selisih.rekonsiliasi,
            changes={"nip": selisih.nip, "kolom": selisih.kolom, "keputusan": keputusan},
            reason=catatan,
        )
    return selisih


# --- Imports as background jobs ----------------------------------------------------------------------------
MAX_GALAT_DISIMPAN = 1000
TASK_IMPOR = "kepegawaian.impor_jalankan_task"


def impor_mulai(*, actor, instansi_id: int, jenis: str, uploaded, simpan: bool = False):
    """Keep the uploaded file and check (or save) it in the background; returns the ImporData row at once
    (10,000 rows take seconds: no web request waits for them)."""
    from asnportal import jobs

    from .models import ImporData

    if not scoping.can_manage(actor):
        raise PermissionDenied
    with transaction.atomic():
        job = ImporData(
            instansi_id=instansi_id,
            jenis=jenis,
            simpan=simpan,
            nama_berkas=(getattr(uploaded, "name", "") or "berkas")[:255],
            diminta_oleh=actor,
        )
        job.berkas.save(job.nama_berkas, uploaded, save=False)
        job.save()
        jobs.enqueue(job, TASK_IMPOR)
    return job


def impor_simpan(*, actor, uji):
    """Save what a clean check ("uji coba") checked, from the file it kept: no second upload. Asking twice
    returns the same save run (unique on `asal`), so nothing is imported twice."""
    from django.db import IntegrityError

    from asnportal import jobs

    from .models import ImporData

    if not scoping.can_manage(actor):
        raise PermissionDenied
    if uji.simpan or not uji.ok:
        raise ValidationError(_("Hanya uji coba yang selesai tanpa kesalahan yang dapat disimpan."))
    existing = ImporData.objects.filter(asal=uji).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            job = ImporData.objects.create(
                instansi_id=uji.instansi_id,
                jenis=uji.jenis,
                simpan=True,
                berkas=uji.berkas.name,
                nama_berkas=uji.nama_berkas,
                diminta_oleh=actor,
                asal=uji,
            )
            jobs.enqueue(job, TASK_IMPOR)
    except IntegrityError:  # a double click: the other request created it
        return ImporData.objects.get(asal=uji)
    return job


def impor_jalankan(job_id) -> None:
    """Worker body: read the kept file, check or save it, store counts and errors; progress on the row."""
    from asnportal import jobs

    from .models import ImporData

    def work(job):
        def progress(percent):
            ImporData.objects.filter(pk=job.pk).update(progress=min(int(percent), 99))

        fn = pegawai_impor if job.jenis == ImporData.Jenis.PEGAWAI else jabatan_impor
        from django.core.files.uploadedfile import SimpleUploadedFile

        with job.berkas.open("rb") as f:
            uploaded = SimpleUploadedFile(job.nama_berkas, f.read())
        try:
            hasil = fn(
                actor=job.diminta_oleh,
                instansi_id=job.instansi_id,
                uploaded=uploaded,
                dry_run=not job.simpan,
                progress=progress,
            )
        except tabular.ImportFileError as exc:
            hasil = ImporHasil(errors=[RowError(0, "berkas", str(exc))], dry_run=not job.simpan)
        job.total, job.dibuat, job.diperbarui, job.sama = (
            hasil.total,
            hasil.dibuat,
            hasil.diperbarui,
            hasil.sama,
        )
        job.jumlah_galat = len(hasil.errors)
        job.galat = [[e.row, e.column, e.message] for e in hasil.errors[:MAX_GALAT_DISIMPAN]]

    jobs.run_job(ImporData, job_id, work)


# --- Unit tree import (a new daerah set up from the portal) --------------------------------------------------
KOLOM_UNIT = [
    ("kode", _("wajib; kunci unit dalam instansi")),
    ("nama", _("wajib")),
    ("jenis", _("dinas, badan, sekretariat, bidang, seksi, upt, …")),
    ("kode_induk", _("kode unit induk; kosong = perangkat daerah")),
    ("singkatan", ""),
]
WAJIB_UNIT = ["kode", "nama"]


def unit_impor(*, actor, instansi_id: int, uploaded, dry_run: bool = True) -> ImporHasil:
    """Import (or re-import) the unit tree of an instansi: `kode` is the key, `kode_induk` the parent (in the
    file or already in the portal). All or nothing; parents are created before children; audited."""
    from .choices import JenisUnit

    if not scoping.is_superadmin(actor) and not (
        scoping.can_manage(actor) and actor.instansi_id == instansi_id
    ):
        raise PermissionDenied
    table = tabular.read_table(uploaded, required=WAJIB_UNIT)
    hasil = ImporHasil(total=len(table.rows), dry_run=dry_run)
    existing = {u.kode: u for u in UnitKerja.objects.for_instansi(instansi_id).exclude(kode="")}
    jenis_ok = {c.value for c in JenisUnit}
    rows, seen = {}, {}
    for row in table.rows:
        line = row["_row"]
        kode, nama = _s(row.get("kode")), _s(row.get("nama"))
        induk, jenis = _s(row.get("kode_induk")), _s(row.get("jenis")).lower() or JenisUnit.LAINNYA
        errs = []
        if not kode:
            errs.append(RowError(line, "kode", _("Kode wajib diisi.")))
        elif kode in seen:
            errs.append(RowError(line, "kode", _("Kode sama dengan baris %(r)s.") % {"r": seen[kode]}))
        seen.setdefault(kode, line)
        if not nama:
            errs.append(RowError(line, "nama", _("Nama wajib diisi.")))
        if jenis not in jenis_ok:
            errs.append(RowError(line, "jenis", _("Jenis unit '%(j)s' tidak dikenal.") % {"j": jenis}))
        if induk and induk == kode:
            errs.append(RowError(line, "kode_induk", _("Unit tidak boleh menjadi induk dirinya sendiri.")))
        hasil.errors.extend(errs)
        rows[kode] = {
            "line": line,
            "nama": nama[:200],
            "jenis": jenis,
            "induk": induk,
            "singkatan": _s(row.get("singkatan"))[:40],
            "salah": bool(errs),
        }
    for r in rows.values():
        if r["induk"] and r["induk"] not in rows and r["induk"] not in existing:
            hasil.errors.append(
                RowError(
                    r["line"], "kode_induk", _("Unit induk '%(k)s' tidak ditemukan.") % {"k": r["induk"]}
                )
            )
            r["salah"] = True
    # Parents first; a cycle inside the file never resolves.
    order, placed = [], set(existing)
    pending = [k for k, r in rows.items() if not r["salah"]]
    while pending:
        ready = [k for k in pending if not rows[k]["induk"] or rows[k]["induk"] in placed]
        if not ready:
            for k in pending:
                hasil.errors.append(RowError(rows[k]["line"], "kode_induk", _("Induk membentuk lingkaran.")))
            break
        order += ready
        placed.update(ready)
        pending = [k for k in pending if k not in placed]
    hasil.errors.sort(key=lambda e: (e.row, e.column))
    hasil.dibuat = sum(1 for k, r in rows.items() if not r["salah"] and k not in existing)
    hasil.diperbarui = sum(1 for k, r in rows.items() if not r["salah"] and k in existing)
    if dry_run or hasil.errors:
        return hasil
    reason = _("Impor unit kerja %(f)s") % {"f": getattr(uploaded, "name", "")}
    with transaction.atomic():
        units = dict(existing)
        for urutan, kode in enumerate(order):
            r = rows[kode]
            unit = units.get(kode) or UnitKerja(instansi_id=instansi_id, kode=kode)
            created = unit.pk is None
            before = audit.snapshot(unit) if not created else {}
            unit.nama, unit.jenis, unit.singkatan = r["nama"], r["jenis"], r["singkatan"]
            unit.parent = units.get(r["induk"]) if r["induk"] else None
            if created:
                unit.urutan = urutan
            unit.save()
            units[kode] = unit
            changes = {} if created else audit.diff(before, audit.snapshot(unit))
            if created or changes:
                audit.record(
                    actor=actor,
                    action=audit.Action.CREATE if created else audit.Action.UPDATE,
                    obj=unit,
                    changes=changes,
                    reason=reason,
                )
    return hasil
