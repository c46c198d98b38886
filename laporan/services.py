"""Writes of the laporan app: ask for a report (idempotent per instansi, jenis, format and period), retry a
failed one, produce the file (called by the task through asnportal.jobs.run_job) and notify when ready."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import tempfile
import uuid

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from asnportal import audit, jobs
from asnportal.notify import notify
from kepegawaian.choices import Role, StatusKepegawaian
from kepegawaian.models import Instansi, UnitKerja, User

from . import conf, render, rules, sections, selectors
from .models import ROSTER_KINDS, FormatBerkas, JenisLaporan, LaporanRun

logger = logging.getLogger(__name__)

TASK = "laporan.laporan_generate_task"


def laporan_request(
    *,
    actor,
    instansi_id: int,
    jenis: str,
    format: str,
    mulai: dt.date,
    selesai: dt.date,
    unit_kerja: UnitKerja | None = None,
    status_kepegawaian: str = "",
    jadwal: str = "",
) -> tuple[LaporanRun, bool]:
    """Create the run for this report and enqueue it, or return the run that already exists (a duplicate
    trigger never makes a second report). Returns (run, created). Raises ValidationError on bad input."""
    if jenis not in JenisLaporan.values or format not in FormatBerkas.values:
        raise ValidationError(_("Jenis atau format laporan tidak dikenal."))
    if mulai > selesai:
        raise ValidationError(_("Tanggal mulai periode harus sebelum tanggal selesai."))
    if jenis in ROSTER_KINDS:
        mulai = selesai  # a roster is a snapshot on one date
        if format == FormatBerkas.PDF and unit_kerja is None:
            raise ValidationError(_("PDF DUK/daftar nominatif dibuat per unit kerja: pilih unit kerja."))
        if jenis == JenisLaporan.DUK and status_kepegawaian == StatusKepegawaian.PPPK:
            raise ValidationError(_("DUK hanya memuat PNS dan CPNS: PPPK tidak memiliki pangkat."))
    else:
        unit_kerja, status_kepegawaian = None, ""
    if unit_kerja is not None and unit_kerja.instansi_id != instansi_id:
        raise ValidationError(_("Unit kerja harus dari instansi yang sama."))
    kunci = LaporanRun.make_kunci(
        jenis=jenis,
        format=format,
        mulai=mulai,
        selesai=selesai,
        unit_kerja_id=unit_kerja.pk if unit_kerja else None,
        status_kepegawaian=status_kepegawaian,
    )
    with transaction.atomic():
        run, created = LaporanRun.objects.get_or_create(
            instansi_id=instansi_id,
            kunci=kunci,
            defaults={
                "jenis": jenis,
                "format": format,
                "periode_mulai": mulai,
                "periode_selesai": selesai,
                "unit_kerja": unit_kerja,
                "status_kepegawaian": status_kepegawaian,
                "requested_by": actor if getattr(actor, "is_authenticated", False) else None,
                "jadwal": jadwal,
            },
        )
        if created:
            audit.record(
                actor=actor,
                action=audit.Action.EXPORT if jenis in ROSTER_KINDS else audit.Action.CREATE,
                obj=run,
                reason=_("Dijadwalkan: %(j)s") % {"j": jadwal} if jadwal else "",
            )
            jobs.enqueue(run, TASK)
    return run, created


def laporan_retry(*, actor, run: LaporanRun) -> None:
    """The 'Coba lagi' button: a failed run goes back to the queue."""
    if run.status != jobs.JobStatus.FAILED:
        raise ValidationError(_("Hanya laporan yang gagal yang dapat dicoba lagi."))
    with transaction.atomic():
        audit.record(actor=actor, action=audit.Action.WORKFLOW, obj=run, reason=_("Coba lagi"))
        jobs.job_retry(run)


def laporan_schedule(*, jenis: str, today: dt.date, formats=(FormatBerkas.PDF,), jadwal: str = "") -> int:
    """Create the runs of every instansi for the period of kind `jenis` that closed before `today`.
    Idempotent: running it twice (beat fires twice, a retry) creates nothing new. Returns how many were new."""
    periode = rules.periode_tertutup(jenis, today)
    created = 0
    for instansi_id in list(Instansi.objects.order_by("pk").values_list("pk", flat=True)):
        for fmt in formats:
            _run, new = laporan_request(
                actor=None,
                instansi_id=instansi_id,
                jenis=jenis,
                format=fmt,
                mulai=periode.mulai,
                selesai=periode.selesai,
                jadwal=jadwal or f"{jenis} otomatis",
            )
            created += new
    return created


# --- Generation (the work of asnportal.jobs.run_job) --------------------------------------------------------------
def _progress(run: LaporanRun, value: int) -> None:
    LaporanRun.objects.filter(pk=run.pk).update(progress=value)


def tmp_dir() -> str:
    from django.conf import settings

    os.makedirs(settings.PORTAL_TMP_DIR, exist_ok=True)
    return str(settings.PORTAL_TMP_DIR)


def laporan_generate(run: LaporanRun) -> None:
    """Render the run's document to a temporary file, store it, and set file, size and checksum on `run`.

    run_job then saves these fields together with SUCCESS in one UPDATE, so a reader never sees SUCCESS without
    the file, nor a half-written file (the storage write completes before the row points to it).
    """
    instansi = Instansi.objects.get(pk=run.instansi_id)
    _progress(run, 5)
    ext = run.format
    # In the portal's own temp folder: a worker killed mid-render leaves its partial file there, and
    # asnportal.bersihkan_sementara_task removes what is older than any run can be (docs/operations.md).
    fd, tmp_path = tempfile.mkstemp(prefix="laporan-", suffix=f".{ext}", dir=tmp_dir())
    os.close(fd)
    saved_name = ""
    try:
        catatan = _render(run, instansi, tmp_path)
        _progress(run, 90)
        digest = hashlib.sha256()
        with open(tmp_path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
        size = os.path.getsize(tmp_path)
        with open(tmp_path, "rb") as fh:
            # A random name: the storage path is never guessable, and a retry never overwrites a file.
            saved_name = default_storage.save(f"laporan/{instansi.pk}/{uuid.uuid4().hex}.{ext}", File(fh))
    except Exception:
        if saved_name:
            default_storage.delete(saved_name)
        raise
    finally:
        os.unlink(tmp_path)
    run.file.name = saved_name
    run.ukuran = size
    run.sha256 = digest.hexdigest()
    run.nama_berkas = download_name(run, instansi)
    run.catatan = catatan
    run._baru_selesai = True


def _render(run: LaporanRun, instansi: Instansi, tmp_path: str) -> str:
    """Write the document to tmp_path; return the generation notes (sections missing or failed)."""
    jenis_label = str(JenisLaporan(run.jenis).label)
    if run.jenis in rules.PERIODIC_KINDS:
        secs = sections.all_sections(
            instansi_id=instansi.pk,
            start=run.periode_mulai,
            end=run.periode_selesai,
            progress=lambda p: _progress(run, p),
        )
        _progress(run, 55)
        notes = "\n".join(f"{s['title']}: {s['note']}" for s in secs if s.get("status") != "ok")
        if run.format == FormatBerkas.PDF:
            html = render.report_html(
                instansi=instansi, periode_label=run.periode_label, jenis_label=jenis_label, sections=secs
            )
            _progress(run, 65)
            render.html_to_pdf(html, tmp_path)
        else:
            with open(tmp_path, "wb") as fh:
                fh.write(render.report_xlsx(secs))
        return notes

    unit_path = run.unit_kerja.path if run.unit_kerja_id else None
    query = selectors.duk_queryset if run.jenis == JenisLaporan.DUK else selectors.nominatif_queryset
    qs = query(instansi_id=instansi.pk, unit_path=unit_path, status_kepegawaian=run.status_kepegawaian)
    pada = run.periode_selesai
    subtitle = rules.periode_label(run.jenis, pada, pada)
    if run.unit_kerja_id:
        subtitle = f"{run.unit_kerja.label} · {subtitle}"
    if run.format == FormatBerkas.PDF:
        count = selectors.roster_count(qs)
        if count > conf.pdf_roster_max():
            raise jobs.JobError(
                _("Daftar berisi %(n)s pegawai, melebihi batas PDF %(max)s: gunakan format XLSX.")
                % {"n": count, "max": conf.pdf_roster_max()}
            )
        html = render.roster_html(
            instansi=instansi,
            qs=qs,
            pada=pada,
            title=jenis_label,
            subtitle=subtitle,
            note=conf.DUK_NOTE if run.jenis == JenisLaporan.DUK else "",
        )
        _progress(run, 65)
        render.html_to_pdf(html, tmp_path)
    else:
        sheet = "DUK" if run.jenis == JenisLaporan.DUK else "Nominatif"
        with open(tmp_path, "wb") as fh:
            fh.write(render.roster_xlsx(qs, pada=pada, sheet=sheet))
    return ""


def download_name(run: LaporanRun, instansi: Instansi) -> str:
    parts = [run.jenis, instansi.kode, f"{run.periode_mulai:%Y%m%d}"]
    if run.periode_selesai != run.periode_mulai:
        parts.append(f"{run.periode_selesai:%Y%m%d}")
    if run.unit_kerja_id:
        parts.append(f"unit{run.unit_kerja_id}")
    return "-".join(parts) + f".{run.format}"


def laporan_notify(run: LaporanRun, *, ok: bool) -> None:
    """Tell the requester (or, for a scheduled run, the HR officers of the instansi) that the run finished."""
    if run.requested_by_id:
        users = list(User.objects.filter(pk=run.requested_by_id, is_active=True))
    else:
        users = list(
            User.objects.filter(instansi_id=run.instansi_id, role=Role.ADMIN_INSTANSI, is_active=True)
        )
    if not users:
        return
    judul = (_("Laporan siap diunduh: %(r)s") if ok else _("Laporan gagal dibuat: %(r)s")) % {"r": str(run)}
    isi = "" if ok else run.error[:500]
    # Keyed by run, outcome and attempt: a redelivered or retried task does not notify twice for one outcome.
    kunci = f"laporan.run:{run.pk}:{'siap' if ok else 'gagal'}:{run.attempts}"
    notify(users, judul=judul, isi=isi, url=reverse("laporan:laporan_detail", args=[run.pk]), kunci=kunci)


def berkas_yatim_hapus(*, older_than: dt.timedelta = dt.timedelta(hours=1)) -> int:
    """Remove stored report files no run points to (a worker killed between writing the file and saving the
    row, or a run taken over meanwhile). Only files older than any run can take, so a file being finished now is
    never touched. Returns the count."""
    from django.utils import timezone

    referenced = set(LaporanRun.objects.exclude(file="").values_list("file", flat=True))
    cutoff = timezone.now() - older_than
    removed = 0
    try:
        dirs, _files = default_storage.listdir("laporan")
    except FileNotFoundError:
        return 0
    for sub in dirs:
        for name in default_storage.listdir(f"laporan/{sub}")[1]:
            path = f"laporan/{sub}/{name}"
            if path in referenced:
                continue
            try:
                if default_storage.get_modified_time(path) < cutoff:
                    default_storage.delete(path)
                    removed += 1
            except FileNotFoundError:
                continue
    return removed
