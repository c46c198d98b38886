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
    cols = {"pegawai": KOLOM_PEGAWAI, "jabatan": KOLOM_JABATAN, "siasn": KOLOM_SIASN}[kind]
    headers = [c for c, _k in cols]
    notes = [[c, str(k)] for c, k in cols]
    if fmt == "csv":
        return tabular.write_csv(headers, [])
    return tabular.write_xlsx({kind: (headers, []), "petunjuk": (["kolom", "keterangan"], notes)})


# --- Parsing helpers ---------------------------------------------------------------------------------------
@dataclass
class ImporHasil:
    total: int = 0
    dibuat: int = 0
    diperbarui: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = True

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
        errors.append(RowError(line, col, str(msg)))

    nip = _s(row.get("nip")).replace(" ", "")
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
    if not out.get("tmt_cpns") and info.tmt:
        out["tmt_cpns"] = info.tmt
    gol = _s(row.get("golongan"))
    if gol:
        if gol not in _GOLONGAN:
            err("golongan", _("Golongan '%(g)s' tidak dikenal.") % {"g": gol})
        elif (gol in rules.GOLONGAN_PPPK) != (status == StatusKepegawaian.PPPK):
            err("golongan", _("PPPK memakai golongan I–XVII; PNS/CPNS memakai golongan I/a–IV/e."))
    out["golongan"] = gol
    nik = _s(row.get("nik"))
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


def _chunks(items, size=2000):
    items = list(items)
    for i in range(0, len(items), size):
        yield items[i : i + size]


def pegawai_impor(*, actor, instansi_id: int, uploaded, dry_run: bool = True) -> ImporHasil:
    """Import (or re-import) pegawai: NIP is the key, so the same file updates instead of duplicating.

    Raises asnportal.tabular.ImportFileError for a file that cannot be read at all."""
    if not scoping.can_manage(actor):
        raise PermissionDenied
    table = tabular.read_table(uploaded, required=WAJIB_PEGAWAI)
    hasil = ImporHasil(total=len(table.rows), dry_run=dry_run)
    jabatan_by_kode = {
        kode: (pk, unit_id)
        for pk, kode, unit_id in Jabatan.objects.for_instansi(instansi_id)
        .exclude(kode="")
        .values_list("id", "kode", "unit_kerja_id")
    }
    parsed, seen = [], {}
    for row in table.rows:
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
    hasil.dibuat = sum(1 for _l, d in parsed if d["nip"] not in existing)
    hasil.diperbarui = len(parsed) - hasil.dibuat
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
            for f in _IMPOR_FIELDS:
                kolom = _KOLOM_FIELD.get(f, f)
                if f not in _SELALU and kolom not in headers:
                    continue
                if kolom == "kode_jabatan" and not data.get("jabatan_id"):
                    continue  # blank kode_jabatan keeps the current position (moves go through mutasi)
                new = data.get(f)
                new = "" if new is None and f not in _NULLABLE else new
                if getattr(p, f) != new:
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
def jabatan_impor(*, actor, instansi_id: int, uploaded, dry_run: bool = True) -> ImporHasil:
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
        hasil.errors.extend(errs)
        parsed.append(d)
    hasil.dibuat = sum(1 for d in parsed if d["kode"] not in existing)
    hasil.diperbarui = len(parsed) - hasil.dibuat
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
EKSPOR_HEADERS = [
    "NIP",
    "Nama",
    "Gelar depan",
    "Gelar belakang",
    "Status",
    "Jenis kelamin",
    "Tanggal lahir",
    "Golongan",
    "TMT golongan",
    "Jabatan",
    "Jenis jabatan",
    "Unit kerja",
    "Pendidikan",
    "Status aktif",
]


def pegawai_ekspor(*, actor, queryset, fmt: str, filters: dict) -> bytes:
    """The (already scoped and filtered) pegawai list as XLSX/CSV; cells neutralised; audited as EXPORT."""
    rows = (
        [
            p["nip"],
            p["nama"],
            p["gelar_depan"],
            p["gelar_belakang"],
            p["status_kepegawaian"],
            p["jenis_kelamin"],
            p["tanggal_lahir"].strftime("%d-%m-%Y") if p["tanggal_lahir"] else "",
            p["golongan"],
            p["tmt_golongan"].strftime("%d-%m-%Y") if p["tmt_golongan"] else "",
            p["jabatan__nama"] or "",
            p["jabatan__jenis"] or "",
            p["unit_kerja__nama"] or "",
            p["pendidikan_terakhir"],
            p["status_aktif"],
        ]
        for p in queryset.values(
            "nip",
            "nama",
            "gelar_depan",
            "gelar_belakang",
            "status_kepegawaian",
            "jenis_kelamin",
            "tanggal_lahir",
            "golongan",
            "tmt_golongan",
            "jabatan__nama",
            "jabatan__jenis",
            "unit_kerja__nama",
            "pendidikan_terakhir",
            "status_aktif",
        ).iterator(chunk_size=2000)
    )
    rows = list(rows)
    data = (
        tabular.write_csv(EKSPOR_HEADERS, rows)
        if fmt == "csv"
        else tabular.write_xlsx({"Pegawai": (EKSPOR_HEADERS, rows)})
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
